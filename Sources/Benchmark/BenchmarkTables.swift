import Foundation
import Method

/// The paper's tables from benchmark results, as Markdown (for people) and CSV (one
/// line per row, cell and concept, for anything else). Cells not yet run show "…".
public struct BenchmarkTables {
    public let rows: [BenchmarkRow]
    public let results: BenchmarkResults
    /// Each concept's kind, for the per-kind columns of Table 1.
    public let kinds: [String: ConceptKind]

    public init(rows: [BenchmarkRow], results: BenchmarkResults, kinds: [String: ConceptKind]) {
        self.rows = rows
        self.results = results
        self.kinds = kinds
    }

    static let titles = [1: "Table 1 — methods", 2: "Table 2 — ratio of pivotal parameters", 3: "Table 3 — identifier tokens"]

    public var markdown: String {
        let s = results.settings
        var out = "# DreamStyler benchmark\n\n"
        out += "Every cell: \(results.prompts.count) prompts × \(s.clips) clips (seeds 1…\(s.clips)), "
        out += String(format: "%.0f-s clips, %d %@ steps, guidance %.1f; ", s.generation.seconds, s.generation.steps,
                      s.generation.sampler.rawValue, s.generation.guidance)
        out += "learning: \(s.learn.steps) steps of batch \(s.learn.batch), \(s.learn.maskEpochs) mask epochs, seed \(s.learn.seed). "
        out += "Scores ×100 with the base model's evaluator; base \(results.baseHash.prefix(12)).\n"
        for table in [1, 2, 3] {
            let rs = rows.filter { $0.table == table }
            guard !rs.isEmpty else { continue }
            let concepts = Array(Set(rs.flatMap { $0.cells.flatMap(\.concepts) })).sorted()
            out += "\n## \(BenchmarkTables.titles[table]!)\n\nConcepts: \(concepts.joined(separator: ", ")).\n\n"
            switch table {
            case 1:
                out += "| Method | Text Alignment | Audio Alignment | TA instruments | AA instruments | TA genres | AA genres | trained entries | delta |\n"
                out += "|---|---|---|---|---|---|---|---|---|\n"
                for r in rs {
                    let all = done(r.cells)
                    let inst = done(r.cells.filter { kinds[$0.concepts[0]] == .instrument })
                    let gen = done(r.cells.filter { kinds[$0.concepts[0]] == .genre })
                    out += "| \(r.label)\(count(all, of: r.cells)) | \(f(ta(all))) | \(f(aa(all))) | \(f(ta(inst))) | \(f(aa(inst))) | \(f(ta(gen))) | \(f(aa(gen))) "
                    out += "| \(all.isEmpty ? "…" : entries(all)) | \(all.isEmpty ? "…" : megabytes(all)) |\n"
                }
            case 2:
                out += "| Pivotal parameters | Text Alignment | Audio Alignment | trained entries |\n|---|---|---|---|\n"
                for r in rs {
                    let all = done(r.cells)
                    out += "| \(r.label)\(count(all, of: r.cells)) | \(f(ta(all))) | \(f(aa(all))) | \(all.isEmpty ? "…" : entries(all)) |\n"
                }
            default:
                out += "| Identifier tokens | Text Alignment | Audio Alignment | per-concept Audio Alignment | ΔAudio Alignment |\n|---|---|---|---|---|\n"
                for r in rs {
                    let all = done(r.cells)
                    let per = all.count == 1 && all[0].cell.concepts.count > 1
                        ? all[0].audioAlignment.sorted { $0.key < $1.key }.map { "\($0.key) \(f($0.value))" }.joined(separator: ", ") : "—"
                    let delta = all.compactMap(\.deltaAudioAlignment)
                    out += "| \(r.label)\(count(all, of: r.cells)) | \(f(ta(all))) | \(f(aa(all))) | \(per) | \(delta.isEmpty ? "—" : f(mean(delta))) |\n"
                }
            }
        }
        return out
    }

    public var csv: String {
        var out = "table,row,concepts,method,pivotal_percent,selection,tokens,concept,audio_alignment,text_alignment,delta_audio_alignment,"
        out += "prompts,clips_per_prompt,seeds,trained_entries,delta_bytes,final_loss,learn_seconds,evaluate_seconds\n"
        for r in rows {
            for c in r.cells {
                guard let res = results.results[c.key] else { continue }
                for concept in c.concepts {
                    let fields: [String] = [
                        String(r.table), quoted(r.label), c.concepts.joined(separator: "+"), c.method?.rawValue ?? "base",
                        c.pivotalPercent.formatted, c.selection.rawValue, String(c.tokens), concept,
                        res.audioAlignment[concept].map { String(format: "%.3f", $0) } ?? "", String(format: "%.3f", res.textAlignment),
                        res.deltaAudioAlignment.map { String(format: "%.3f", $0) } ?? "", String(res.prompts), String(res.clipsPerPrompt),
                        res.seeds.map(String.init).joined(separator: " "), String(res.trainable), String(res.deltaBytes),
                        res.finalLoss.map { String(format: "%.5f", $0) } ?? "", String(format: "%.1f", res.learnSeconds),
                        String(format: "%.1f", res.evaluateSeconds),
                    ]
                    out += fields.joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }

    func done(_ cells: [BenchmarkCell]) -> [BenchmarkResult] { cells.compactMap { results.results[$0.key] } }
    func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(v.count, 1)) }
    func ta(_ r: [BenchmarkResult]) -> Double? { r.isEmpty ? nil : mean(r.map(\.textAlignment)) }
    func aa(_ r: [BenchmarkResult]) -> Double? { r.isEmpty ? nil : mean(r.map(\.meanAudioAlignment)) }
    func f(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "…" }
    func count(_ done: [BenchmarkResult], of cells: [BenchmarkCell]) -> String { done.count == cells.count ? "" : " (\(done.count)/\(cells.count))" }
    func entries(_ r: [BenchmarkResult]) -> String {
        let n = mean(r.map { Double($0.trainable) })
        return n >= 1e6 ? String(format: "%.2f M", n / 1e6) : String(format: "%.1f k", n / 1e3)
    }
    func megabytes(_ r: [BenchmarkResult]) -> String { String(format: "%.2f MB", mean(r.map { Double($0.deltaBytes) }) / 1e6) }
    func quoted(_ s: String) -> String { s.contains(",") ? "\"\(s)\"" : s }
}
