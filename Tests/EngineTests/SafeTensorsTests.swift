import Engine
import EngineTestSupport
import Foundation
import Testing

@Suite struct SafeTensorsTests {
    let dir = Fixtures.temporaryFolder("safetensors")

    @Test func roundTripF32IsExactAndF16IsClose() throws {
        var rng = SeededGenerator(seed: 1)
        let a = Tensor.randn([3, 4, 5], using: &rng), b = Tensor.randn([7], std: 100, using: &rng), s = Tensor(scalar: 2.5)
        let url = dir.appendingPathComponent("x.safetensors")
        try SafeTensors.write([("a", a), ("b.weight", b), ("s", s)], to: url, metadata: ["step": "12"])
        let f = try SafeTensors(contentsOf: url)
        #expect(f.names == ["a", "b.weight", "s"] && f.metadata["step"] == "12")
        #expect(try f.tensor("a").toArray() == a.toArray())
        #expect(try f.tensor("a").shape == [3, 4, 5] && f.tensor("s").shape == [])
        try SafeTensors.write([("a", a), ("b", b)], to: url, dtype: .f16)
        let h = try SafeTensors(contentsOf: url)
        #expect(h.entry("a")?.dtype == .f16)
        let back = try h.tensor("b").toArray()
        for (x, y) in zip(back, b.toArray()) { #expect(abs(x - y) <= abs(y) * 1e-3) }
        #expect((try Data(contentsOf: url)).count < 8 + 200 + (60 + 7) * 2 + 100)
    }

    @Test func readsBF16AndIntegerTensors() throws {
        // Hand-made file: a BF16 vector [1, -2, 0.5] and an I64 vector [3, 4].
        let header = #"{"v":{"dtype":"BF16","shape":[3],"data_offsets":[0,6]},"i":{"dtype":"I64","shape":[2],"data_offsets":[6,22]}}"#
        var data = Data()
        var n = UInt64(header.utf8.count).littleEndian
        data.append(Data(bytes: &n, count: 8))
        data.append(header.data(using: .utf8)!)
        for v: Float in [1, -2, 0.5] { var b = UInt16(v.bitPattern >> 16).littleEndian; data.append(Data(bytes: &b, count: 2)) }
        for v: Int64 in [3, 4] { var b = v.littleEndian; data.append(Data(bytes: &b, count: 8)) }
        let f = try SafeTensors(data: data, source: "handmade")
        #expect(try f.tensor("v").toArray() == [1, -2, 0.5])
        #expect(try f.tensor("i").toArray() == [3, 4])
    }

    @Test func corruptFilesGiveClearErrors() throws {
        let good = dir.appendingPathComponent("good.safetensors")
        try SafeTensors.write([("w", Tensor.ones([4, 4]))], to: good)
        let bytes = try Data(contentsOf: good)
        func expectCorrupt(_ d: Data, _ why: String) {
            #expect(throws: EngineError.self, "\(why)") { try SafeTensors(data: d, source: "bad") }
            do { _ = try SafeTensors(data: d, source: "bad") } catch {
                if case .corruptFile(let p, _) = error { #expect(p == "bad") } else { Issue.record("\(why): \(error)") }
            }
        }
        expectCorrupt(bytes.prefix(5), "shorter than the length field")
        expectCorrupt(bytes.prefix(bytes.count - 10), "truncated data")
        var huge = bytes; huge[0] = 0xFF; huge[5] = 0x7F
        expectCorrupt(huge, "header length beyond the file")
        var notJSON = bytes; notJSON[8] = UInt8(ascii: "x")
        expectCorrupt(notJSON, "header is not JSON")
        #expect(throws: EngineError.io(path: "/nonexistent/x.safetensors", reason: "no such file")) {
            try SafeTensors(contentsOf: URL(fileURLWithPath: "/nonexistent/x.safetensors"))
        }
        let f = try SafeTensors(data: bytes, source: "good")
        #expect(throws: EngineError.missingTensor(name: "nope", file: "good")) { try f.tensor("nope") }
    }

    /// Headers a fuzzer would write: numbers no file can mean must be refused, never trap or wrap round
    /// (in release, `-Ounchecked` made a shape of 2^62 × 4 floats need 0 bytes, and it was accepted).
    @Test func impossibleNumbersInTheHeaderAreRefused() throws {
        func file(_ header: String, payload: Int = 0) -> Data {
            var n = UInt64(header.utf8.count).littleEndian
            return Data(bytes: &n, count: 8) + Data(header.utf8) + Data(count: payload)
        }
        let headers = [#"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}}"#,
                       #"{"a":{"dtype":"F32","shape":[9223372036854775807,9223372036854775807,0],"data_offsets":[0,0]}}"#,
                       #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[1e300,4]}}"#,
                       #"{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#,
                       #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,"4"]}}"#]
        for h in headers {
            #expect(throws: EngineError.self, "\(h)") { try SafeTensors(data: file(h, payload: 4), source: "crafted") }
        }
        let regressions = Fixtures.repositoryRoot.appendingPathComponent("Fuzz/regressions/safetensors")
        for name in try FileManager.default.contentsOfDirectory(atPath: regressions.path).sorted() {
            let data = try Data(contentsOf: regressions.appendingPathComponent(name))
            #expect(throws: EngineError.self, "\(name)") { _ = try SafeTensors(data: data, source: name).allTensors() }
        }
    }

    @Test func f16OverflowIsRefusedAndTheOldFileKept() throws {
        let url = dir.appendingPathComponent("keep.safetensors")
        try SafeTensors.write([("w", Tensor.ones([2]))], to: url)
        #expect(throws: EngineError.self) { try SafeTensors.write([("w", Tensor([1e6, 1], shape: [2]))], to: url, dtype: .f16) }
        #expect(try SafeTensors(contentsOf: url).tensor("w").toArray() == [1, 1])
    }

    @Test func atomicWriteLeavesNothingHalfWritten() throws {
        let url = dir.appendingPathComponent("atomic.bin")
        try AtomicFile.write(Data("old".utf8), to: url)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try AtomicFile.write(to: url) { w in
                try w.write(Data("partial new content".utf8))
                throw Boom()
            }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "old")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
        #expect(throws: EngineError.self) { try AtomicFile.write(Data(), to: URL(fileURLWithPath: "/nonexistent/dir/x")) }
    }

    @Test func readsTheRealMiniLMCheckpoint() throws {
        let url = Fixtures.miniLMFolder.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record("MiniLM is missing at \(url.path): run Scripts/setup")
            return
        }
        let f = try SafeTensors(contentsOf: url)
        #expect(f.entries.count == 104 && f.metadata["format"] == "pt")
        #expect(f.entry("embeddings.word_embeddings.weight")?.shape == [30522, 384])
        #expect(f.entry("embeddings.word_embeddings.weight")?.dtype == .f32)
        #expect(f.entry("embeddings.position_ids")?.dtype == .i64)
        #expect(try f.tensor("embeddings.position_ids").toArray() == (0..<512).map(Float.init))
        for layer in 0..<6 {
            let p = "encoder.layer.\(layer)."
            #expect(f.entry(p + "attention.self.query.weight")?.shape == [384, 384])
            #expect(f.entry(p + "attention.self.value.bias")?.shape == [384])
            #expect(f.entry(p + "intermediate.dense.weight")?.shape == [1536, 384])
            #expect(f.entry(p + "output.dense.weight")?.shape == [384, 1536])
            #expect(f.entry(p + "output.LayerNorm.weight")?.shape == [384])
        }
        let ln = try f.tensor("embeddings.LayerNorm.weight").toArray()
        #expect(ln.allSatisfy { $0.isFinite } && ln.contains { $0 != 1 })
        let emb = try f.tensor("embeddings.word_embeddings.weight")
        #expect(emb.isFinite)
    }
}
