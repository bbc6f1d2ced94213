/// Errors the engine reports; each reads as one line a person can act on.
public enum EngineError: Error, CustomStringConvertible, Equatable {
    case shapeMismatch(String)
    case missingTensor(name: String, file: String)
    case unexpectedTensor(name: String, file: String)
    case wrongShape(name: String, expected: [Int], found: [Int], file: String)
    case corruptFile(path: String, reason: String)
    case unsupportedDType(name: String, dtype: String, file: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .shapeMismatch(let s): return "shape mismatch: \(s)"
        case .missingTensor(let n, let f): return "\(f): missing tensor '\(n)'"
        case .unexpectedTensor(let n, let f): return "\(f): tensor '\(n)' does not belong to this model"
        case .wrongShape(let n, let e, let found, let f): return "\(f): tensor '\(n)' has shape \(found), expected \(e)"
        case .corruptFile(let p, let r): return "\(p): not a valid safetensors file (\(r))"
        case .unsupportedDType(let n, let d, let f): return "\(f): tensor '\(n)' has unsupported dtype \(d)"
        case .io(let p, let r): return "\(p): \(r)"
        }
    }
}
