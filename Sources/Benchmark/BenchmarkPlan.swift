import Method

/// One learn-and-evaluate of the benchmark: a set of concepts, a method and its
/// knobs. The same cell serves several tables (DreamStyler at 5 % with 3 tokens is
/// a row of all three), so results are kept by `key` and computed once.
public struct BenchmarkCell: Codable, Sendable, Hashable {
    public var concepts: [String]
    /// nil: the base model without any concept, prompts without identifiers.
    public var method: TuningMethod?
    public var pivotalPercent: Double
    public var selection: EntrySelectionMode
    public var tokens: Int
    /// The base model's row that names the concepts in words ("… with sitar"); only without a method.
    public var namedInWords: Bool

    public init(concepts: [String], method: TuningMethod?, pivotalPercent: Double = 5, selection: EntrySelectionMode = .pivotal, tokens: Int? = nil,
                namedInWords: Bool = false) {
        self.concepts = concepts
        self.method = method
        self.namedInWords = method == nil && namedInWords
        self.pivotalPercent = method == .dreamstyler ? pivotalPercent : 0
        self.selection = method == .dreamstyler ? selection : .pivotal
        self.tokens = method.map { tokens ?? $0.defaultTokens } ?? 0
    }

    enum CodingKeys: String, CodingKey { case concepts, method, pivotalPercent, selection, tokens, namedInWords }

    // Results written before the words row existed decode with it off.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        concepts = try c.decode([String].self, forKey: .concepts)
        method = try c.decodeIfPresent(TuningMethod.self, forKey: .method)
        pivotalPercent = try c.decode(Double.self, forKey: .pivotalPercent)
        selection = try c.decode(EntrySelectionMode.self, forKey: .selection)
        tokens = try c.decode(Int.self, forKey: .tokens)
        namedInWords = try c.decodeIfPresent(Bool.self, forKey: .namedInWords) ?? false
    }

    public var key: String {
        let who = concepts.joined(separator: "+")
        guard let method else { return "\(who)/base" + (namedInWords ? "-words" : "") }
        var k = "\(who)/\(method.rawValue)/t\(tokens)"
        if method == .dreamstyler { k += "/p\(pivotalPercent.formatted)" + (selection == .random ? "-random" : "") }
        return k
    }
}

/// A row of a table: what it is called and, per concept set, the cell it reads.
public struct BenchmarkRow: Sendable, Equatable {
    public var table: Int
    public var label: String
    public var cells: [BenchmarkCell]
}

/// The paper's three tables as cells:
/// - Table 1, methods: every concept alone, each method (plus the base model as a reference row);
/// - Table 2, the pivotal ratio: DreamStyler at 1/5/10/50/100 % and 5 % at random, on the ablation concepts;
/// - Table 3, identifier tokens 1/3/5: on the ablation concepts alone and on the ablation pair jointly.
/// `pivotal` gives DreamStyler's P for a concept in Tables 1 and 3 (the recipe's for its kind); the
/// pair learns at the larger of its concepts', as `dreamstyler learn` learns several concepts
/// (`LearnOptions.pivotalPercent(for:)`): at its instrument's 5 % the genre of the pair went unheard.
public enum BenchmarkPlan {
    public static let ratios: [Double] = [1, 5, 10, 50, 100]
    public static let tokenCounts = [1, 3, 5]

    public static func rows(tables: Set<Int>, concepts: [String], methods: [TuningMethod], ablation: [String], pair: [String]?,
                            pivotal: (String) -> Double = { _ in 5 }) -> [BenchmarkRow] {
        var rows: [BenchmarkRow] = []
        if tables.contains(1) {
            rows.append(BenchmarkRow(table: 1, label: "base model (no concept)", cells: concepts.map { BenchmarkCell(concepts: [$0], method: nil) }))
            rows.append(BenchmarkRow(table: 1, label: "base model, concept named in words",
                                     cells: concepts.map { BenchmarkCell(concepts: [$0], method: nil, namedInWords: true) }))
            for m in methods {
                rows.append(BenchmarkRow(table: 1, label: m.displayName, cells: concepts.map { BenchmarkCell(concepts: [$0], method: m, pivotalPercent: pivotal($0)) }))
            }
        }
        if tables.contains(2) {
            for p in ratios {
                rows.append(BenchmarkRow(table: 2, label: "P = \(p.formatted) %",
                                         cells: ablation.map { BenchmarkCell(concepts: [$0], method: .dreamstyler, pivotalPercent: p) }))
            }
            rows.append(BenchmarkRow(table: 2, label: "P = 5 %, random",
                                     cells: ablation.map { BenchmarkCell(concepts: [$0], method: .dreamstyler, selection: .random) }))
        }
        if tables.contains(3) {
            for n in tokenCounts {
                rows.append(BenchmarkRow(table: 3, label: "\(n) token\(n == 1 ? "" : "s"), single",
                                         cells: ablation.map { BenchmarkCell(concepts: [$0], method: .dreamstyler, pivotalPercent: pivotal($0), tokens: n) }))
                if let pair {
                    rows.append(BenchmarkRow(table: 3, label: "\(n) token\(n == 1 ? "" : "s"), two concepts",
                                             cells: [BenchmarkCell(concepts: pair, method: .dreamstyler, pivotalPercent: pair.map(pivotal).max()!, tokens: n)]))
                }
            }
        }
        return rows
    }

    /// Every distinct cell of `rows`, in first-use order.
    public static func cells(_ rows: [BenchmarkRow]) -> [BenchmarkCell] {
        var seen = Set<String>()
        return rows.flatMap(\.cells).filter { seen.insert($0.key).inserted }
    }
}

extension Double {
    /// 5 → "5", 0.5 → "0.5".
    var formatted: String { self == rounded() ? String(Int(self)) : String(self) }
}
