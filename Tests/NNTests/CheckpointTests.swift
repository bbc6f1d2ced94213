import Engine
import EngineTestSupport
import Foundation
import NN
import Testing

@Suite struct CheckpointTests {
    let dir = Fixtures.temporaryFolder("checkpoint")

    func block(_ seed: UInt64) -> TransformerBlock {
        var rng = SeededGenerator(seed: seed)
        return TransformerBlock(channels: 8, contextChannels: 6, heads: 2, feedForward: 16, rng: &rng)
    }

    @Test func moduleRoundTripByName() throws {
        let a = block(1), b = block(2)
        let url = dir.appendingPathComponent("block.safetensors")
        try a.save(to: url)
        try b.load(from: url)
        for ((na, pa), (nb, pb)) in zip(a.namedParameters(), b.namedParameters()) {
            #expect(na == nb && pa.value.toArray() == pb.value.toArray())
        }
    }

    @Test func loadChecksNamesAndShapesAndLeavesTheModuleUntouchedOnError() throws {
        let a = block(1), b = block(2)
        let original = b.namedParameters().map { $0.parameter.value.toArray() }
        var tensors = a.namedParameters().map { ($0.name, $0.parameter.value) }
        let url = dir.appendingPathComponent("bad.safetensors")

        let missing = tensors.filter { $0.0 != "attn1.to_v.weight" }
        try SafeTensors.write(missing, to: url)
        #expect(throws: EngineError.missingTensor(name: "attn1.to_v.weight", file: url.path)) { try b.load(from: url) }

        tensors[0].1 = Tensor.zeros([3, 3])
        try SafeTensors.write(tensors, to: url)
        #expect(throws: EngineError.wrongShape(name: tensors[0].0, expected: [8], found: [3, 3], file: url.path)) { try b.load(from: url) }

        let extra = a.namedParameters().map { ($0.name, $0.parameter.value) } + [("attn3.to_q.weight", Tensor.ones([2]))]
        try SafeTensors.write(extra, to: url)
        #expect(throws: EngineError.unexpectedTensor(name: "attn3.to_q.weight", file: url.path)) { try b.load(from: url) }
        #expect(b.namedParameters().map { $0.parameter.value.toArray() } == original, "a failed load changes nothing")
        // Non-strict loading takes what fits.
        try b.load(from: SafeTensors(contentsOf: url), strict: false)
        #expect(b.namedParameters().map { $0.parameter.value.toArray() } == a.namedParameters().map { $0.parameter.value.toArray() })
    }

    @Test func f16CheckpointLoadsCloseToF32() throws {
        let a = block(3), b = block(4)
        let url = dir.appendingPathComponent("half.safetensors")
        try a.save(to: url, dtype: .f16)
        try b.load(from: url)
        for ((_, pa), (_, pb)) in zip(a.namedParameters(), b.namedParameters()) {
            #expect(maxAbsDifference(pa.value.toArray(), pb.value.toArray()) < 1e-3)
        }
    }
}
