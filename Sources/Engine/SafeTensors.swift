import Foundation

/// The safetensors format (Hugging Face): an 8-byte little-endian header length,
/// a JSON header naming each tensor's dtype, shape and byte range, then the raw
/// little-endian data. Read: F32, F16, BF16 (and F64, I64, I32, converted);
/// written: F32 or F16.
public struct SafeTensors {
    public enum DType: String, Sendable {
        case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64", i64 = "I64", i32 = "I32"
        case i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

        public var byteSize: Int {
            switch self {
            case .f64, .i64: return 8
            case .f32, .i32: return 4
            case .f16, .bf16, .i16: return 2
            case .i8, .u8, .bool: return 1
            }
        }
    }

    public struct Entry: Sendable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        let range: Range<Int>
    }

    /// Where the file came from, for error messages.
    public let source: String
    public let metadata: [String: String]
    /// Tensors in file order.
    public let entries: [Entry]
    private let byName: [String: Int]
    private let bytes: Data
    private let dataStart: Int

    public var names: [String] { entries.map(\.name) }
    public func entry(_ name: String) -> Entry? { byName[name].map { entries[$0] } }

    /// Opens a file (memory-mapped) and checks its header against its size.
    public init(contentsOf url: URL) throws(EngineError) {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw .io(path: url.path, reason: exists ? "cannot read the file" : "no such file")
        }
        try self.init(data: data, source: url.path)
    }

    public init(data: Data, source: String) throws(EngineError) {
        self.source = source
        self.bytes = data
        func corrupt(_ why: String) -> EngineError { .corruptFile(path: source, reason: why) }
        guard data.count >= 8 else { throw corrupt("only \(data.count) bytes") }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(data[data.startIndex + i]) << (8 * UInt64(i)) }
        guard n >= 2, n <= UInt64(data.count - 8) else { throw corrupt("header length \(n) does not fit a file of \(data.count) bytes") }
        let headerLength = Int(n)
        dataStart = 8 + headerLength
        let headerData = data.subdata(in: (data.startIndex + 8)..<(data.startIndex + dataStart))
        guard let json = try? JSONSerialization.jsonObject(with: headerData), let header = json as? [String: Any] else {
            throw corrupt("the header is not a JSON object")
        }
        var meta: [String: String] = [:]
        var list: [Entry] = []
        let payload = data.count - dataStart
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw corrupt("__metadata__ is not an object") }
                for (k, v) in m { meta[k] = (v as? String) ?? "\(v)" }
                continue
            }
            guard let info = value as? [String: Any], let dt = info["dtype"] as? String,
                  let shape = SafeTensors.wholeNumbers(info["shape"]), let offsets = SafeTensors.wholeNumbers(info["data_offsets"]), offsets.count == 2
            else { throw corrupt("entry '\(name)' lacks dtype, shape or data_offsets (lists of whole numbers)") }
            guard let dtype = DType(rawValue: dt) else { throw EngineError.unsupportedDType(name: name, dtype: dt, file: source) }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw corrupt("entry '\(name)' has a bad shape") }
            let (b, e) = (offsets[0], offsets[1])
            guard b >= 0, e >= b, e <= payload else { throw corrupt("entry '\(name)' lies outside the data (bytes \(b)..<\(e) of \(payload))") }
            // Checked arithmetic: a crafted shape whose product overflows must not wrap round to the byte count.
            var bytes: Int? = dtype.byteSize
            for d in shape { bytes = bytes.flatMap { let (p, o) = $0.multipliedReportingOverflow(by: d); return o ? nil : p } }
            guard let bytes, e - b == bytes else {
                throw corrupt("entry '\(name)' holds \(e - b) bytes, its shape \(shape) needs \(bytes.map(String.init) ?? "more than any file holds")")
            }
            list.append(Entry(name: name, dtype: dtype, shape: shape, range: b..<e))
        }
        list.sort { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.name < $1.name }
        entries = list
        metadata = meta
        byName = Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1.name, $0) })
    }

    /// A JSON list of whole numbers that fit an Int (JSONSerialization gives NSNumbers, whose `intValue`
    /// truncates 1.5 and traps on 1e300), or nil. No file holds 9e15 bytes; beyond that a Double is not exact.
    static func wholeNumbers(_ value: Any?) -> [Int]? {
        guard let list = value as? [Any] else { return nil }
        var out: [Int] = []
        for v in list {
            guard let d = (v as? NSNumber)?.doubleValue, d.isFinite, d == d.rounded(), abs(d) <= 9.0e15 else { return nil }
            out.append(Int(d))
        }
        return out
    }

    /// The named tensor as Float32.
    public func tensor(_ name: String) throws(EngineError) -> Tensor {
        guard let e = entry(name) else { throw .missingTensor(name: name, file: source) }
        let t = Tensor(uninitializedShape: e.shape)
        let n = t.count, dst = t.data
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let src = raw.baseAddress! + dataStart + e.range.lowerBound
            switch e.dtype {
            case .f32: for i in 0..<n { dst[i] = Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
            case .f16: for i in 0..<n { dst[i] = Float(Float16(bitPattern: UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))) }
            case .bf16: for i in 0..<n { dst[i] = Float(bitPattern: UInt32(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16) }
            case .f64: for i in 0..<n { dst[i] = Float(Double(bitPattern: UInt64(littleEndian: src.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))) }
            case .i64: for i in 0..<n { dst[i] = Float(Int64(littleEndian: src.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
            case .i32: for i in 0..<n { dst[i] = Float(Int32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
            case .i16: for i in 0..<n { dst[i] = Float(Int16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) }
            case .i8: for i in 0..<n { dst[i] = Float(src.loadUnaligned(fromByteOffset: i, as: Int8.self)) }
            case .u8, .bool: for i in 0..<n { dst[i] = Float(src.loadUnaligned(fromByteOffset: i, as: UInt8.self)) }
            }
        }
        return t
    }

    /// Every tensor, by name, as Float32.
    public func allTensors() throws(EngineError) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for e in entries { out[e.name] = try tensor(e.name) }
        return out
    }

    /// Writes tensors (in the given order) atomically; `dtype` is `.f32` or `.f16`.
    /// Values beyond the F16 range are refused rather than silently turned into infinities.
    public static func write(_ tensors: [(String, Tensor)], to url: URL, dtype: DType = .f32, metadata: [String: String] = [:]) throws {
        try write(entries: tensors.map { ($0.0, $0.1, dtype) }, to: url, metadata: metadata)
    }

    /// Writes tensors each in its own dtype: F32, F16, or I32 (for whole numbers such as indices).
    public static func write(entries tensors: [(String, Tensor, DType)], to url: URL, metadata: [String: String] = [:]) throws {
        require(Set(tensors.map(\.0)).count == tensors.count, "safetensors: duplicate tensor names")
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for (name, t, dtype) in tensors {
            require(dtype == .f32 || dtype == .f16 || dtype == .i32, "safetensors: writing \(dtype.rawValue) is not supported")
            let size = t.count * dtype.byteSize
            header[name] = ["dtype": dtype.rawValue, "shape": t.shape, "data_offsets": [offset, offset + size]] as [String: Any]
            offset += size
            for i in 0..<t.count {
                let v = t.data[i]
                if dtype == .f16 && v.isFinite && abs(v) > 65504 {
                    throw EngineError.io(path: url.path, reason: "tensor '\(name)' has value \(v), beyond the F16 range; save as F32")
                }
                if dtype == .i32 && (v != v.rounded() || abs(v) > 16_777_216) {
                    throw EngineError.io(path: url.path, reason: "tensor '\(name)' holds \(v), not a whole number that I32 can keep exactly")
                }
            }
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        while (8 + json.count) % 8 != 0 { json.append(0x20) }
        try AtomicFile.write(to: url) { w in
            var len = UInt64(json.count).littleEndian
            try withUnsafeBytes(of: &len) { try w.write($0) }
            try w.write(json)
            for (_, t, dtype) in tensors {
                try writeData(t, dtype, w)
            }
        }
    }

    private static func writeData(_ t: Tensor, _ dtype: DType, _ w: AtomicFile.Writer) throws {
        if dtype == .f32 {
            try w.write(UnsafeRawBufferPointer(start: t.data, count: t.count * 4))
            return
        }
        if dtype == .i32 {
            let ints = (0..<t.count).map { Int32(t.data[$0]).littleEndian }
            try ints.withUnsafeBytes { try w.write($0) }
            return
        }
        // Convert in chunks so a large tensor never needs a second full-size copy.
        let chunk = 1 << 16
        var buf = [UInt16](repeating: 0, count: chunk)
        var i = 0
        while i < t.count {
            let n = min(chunk, t.count - i)
            for j in 0..<n { buf[j] = Float16(t.data[i + j]).bitPattern.littleEndian }
            try buf.withUnsafeBytes { try w.write(UnsafeRawBufferPointer(rebasing: $0[0..<(2 * n)])) }
            i += n
        }
    }
}
