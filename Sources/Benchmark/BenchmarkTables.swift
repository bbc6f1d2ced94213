import Diffusion
import Foundation
import Generation
import Method

/// The paper's tables from benchmark results, as Markdown (for people) and CSV (one
/// line per row, cell and concept, for anything else). Cells not yet run show "…"; recognition
/// of cells run without a classifier shows "—".
public struct BenchmarkTables {
    public let rows: [BenchmarkRow]
    public let results: BenchmarkResults
    /// Each concept's kind, for the per-kind columns of Table 1.
    public let kinds: [String: ConceptKind]
    /// The concepts whose sound the base model never heard in pretraining: Table 1 again over them alone.
    public let novel: [String]

    public init(rows: [BenchmarkRow], results: BenchmarkResults, kinds: [String: ConceptKind], novel: [String] = []) {
        self.rows = rows
        self.results = results
        self.kinds = kinds
        self.novel = novel
    }

    static let titles = [1: "Table 1 — methods", 2: "Table 2 — ratio of pivotal parameters", 3: "Table 3 — identifier tokens"]

    public var markdown: String {
        let s = results.settings
        var out = "# DreamStyler benchmark\n\n"
        out += "Every cell: \(results.prompts.count) prompts × \(s.clips) clips (seeds 1…\(s.clips)), "
        out += String(format: "%.0f-s clips, %d %@ steps, guidance %.1f; ", s.generation.seconds, s.generation.steps,
                      s.generation.sampler.rawValue, s.generation.guidance)
        out += "learning: \(s.learn.steps) steps of batch \(s.learn.batch), \(s.learn.maskEpochs) mask epochs, seed \(s.learn.seed). "
        out += "Scores ×100 with the base model's evaluator; base \(results.baseHash.prefix(12)). "
        out += "Recognised: the share of a cell's clips whose top class by the base model's concept classifier is the concept; "
        out += "P(concept): the classifier's mean probability of the concept; per concept for the jointly learned pair, "
        out += "— where the clips were not classified.\n"
        for table in [1, 2, 3] {
            let rs = rows.filter { $0.table == table }
            guard !rs.isEmpty else { continue }
            let concepts = Array(Set(rs.flatMap { $0.cells.flatMap(\.concepts) })).sorted()
            out += "\n## \(BenchmarkTables.titles[table]!)\n\nConcepts: \(concepts.joined(separator: ", ")).\n\n"
            switch table {
            case 1:
                out += "| Method | Text Alignment | Audio Alignment | Recognised | P(concept) | TA instruments | AA instruments | TA genres | AA genres "
                out += "| trained entries | delta |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
                if let own = ownRecordings(concepts) {
                    out += "| \(BenchmarkTables.ownLabel) | — | — | \(own.recognised) | \(own.probability) | — | — | — | — | — | — |\n"
                }
                for r in rs {
                    let all = done(r.cells)
                    let inst = done(r.cells.filter { kinds[$0.concepts[0]] == .instrument })
                    let gen = done(r.cells.filter { kinds[$0.concepts[0]] == .genre })
                    let heard = recognition(all)
                    out += "| \(r.label)\(count(all, of: r.cells)) | \(f(ta(all))) | \(f(aa(all))) | \(heard.recognised) | \(heard.probability) "
                    out += "| \(f(ta(inst))) | \(f(aa(inst))) | \(f(ta(gen))) | \(f(aa(gen))) "
                    out += "| \(all.isEmpty ? "…" : entries(all)) | \(all.isEmpty ? "…" : megabytes(all)) |\n"
                }
                out += novelSubset(rs) + byConcept(rs, concepts: concepts)
            case 2:
                out += "| Pivotal parameters | Text Alignment | Audio Alignment | Recognised | P(concept) | trained entries |\n|---|---|---|---|---|---|\n"
                for r in rs {
                    let all = done(r.cells)
                    let heard = recognition(all)
                    out += "| \(r.label)\(count(all, of: r.cells)) | \(f(ta(all))) | \(f(aa(all))) | \(heard.recognised) | \(heard.probability) "
                    out += "| \(all.isEmpty ? "…" : entries(all)) |\n"
                }
            default:
                out += "| Identifier tokens | Text Alignment | Audio Alignment | per-concept Audio Alignment | ΔAudio Alignment | Recognised | P(concept) "
                out += "| each named alone: Recognised (Audio Alignment) |\n|---|---|---|---|---|---|---|---|\n"
                for r in rs {
                    let all = done(r.cells)
                    let per = all.count == 1 && all[0].cell.concepts.count > 1
                        ? all[0].audioAlignment.sorted { $0.key < $1.key }.map { "\($0.key) \(f($0.value))" }.joined(separator: ", ") : "—"
                    let delta = all.compactMap(\.deltaAudioAlignment)
                    let heard = recognition(all)
                    out += "| \(r.label)\(count(all, of: r.cells)) | \(f(ta(all))) | \(f(aa(all))) | \(per) | \(delta.isEmpty ? "—" : f(mean(delta))) "
                    out += "| \(heard.recognised) | \(heard.probability) | \(namedAlone(all)) |\n"
                }
                if rs.contains(where: { $0.cells.contains { $0.concepts.count > 1 } }) {
                    out += "\nThe jointly learned pair's clips name both concepts. Its last column asks the same model for each concept alone.\n"
                }
            }
        }
        return out
    }

    /// Table 1 over the strictly novel concepts alone, when any of them is in it.
    func novelSubset(_ rs: [BenchmarkRow]) -> String {
        let named = Set(novel)
        let subset = rs.map { r in (r.label, r.cells.filter { named.contains($0.concepts[0]) }) }
        guard subset.contains(where: { !$0.1.isEmpty }) else { return "" }
        let names = Array(Set(subset.flatMap { $0.1.map { $0.concepts[0] } })).sorted()
        var out = "\n### Table 1, the strictly novel subset\n\nConcepts whose sound the base model never heard in pretraining: "
        out += names.joined(separator: ", ") + ".\n\n| Method | Text Alignment | Audio Alignment | Recognised | P(concept) |\n|---|---|---|---|---|\n"
        if let own = ownRecordings(names) { out += "| \(BenchmarkTables.ownLabel) | — | — | \(own.recognised) | \(own.probability) |\n" }
        for (label, cells) in subset {
            let all = done(cells)
            let heard = recognition(all)
            out += "| \(label)\(count(all, of: cells)) | \(f(ta(all))) | \(f(aa(all))) | \(heard.recognised) | \(heard.probability) |\n"
        }
        return out
    }

    static let ownLabel = "the concepts' own recordings (10-s segments)"

    /// Recognised and P(concept) of the concepts' own evaluation recordings, averaged over `concepts`; nil when none was classified.
    func ownRecordings(_ concepts: [String]) -> (recognised: String, probability: String)? {
        let heard = concepts.compactMap { results.references?[$0] }
        guard !heard.isEmpty else { return nil }
        let part = heard.count == concepts.count ? "" : " (\(heard.count)/\(concepts.count))"
        return (percent(mean(heard.map(\.share))) + part, probability(mean(heard.map(\.meanProbability))) + part)
    }

    /// Table 1's recognition concept by concept (rows) and method (columns): which concepts are heard, by which method.
    func byConcept(_ rs: [BenchmarkRow], concepts: [String]) -> String {
        let own = results.references ?? [:]
        var out = "\n### Table 1, concept by concept\n\nRecognised (P(concept)) of each concept's cell; * marks the strictly novel"
        out += own.isEmpty ? ".\n\n" : "; own recording: its evaluation recording, each 10-s segment taken as a clip.\n\n"
        out += "| Concept |" + (own.isEmpty ? "" : " own recording |") + " " + rs.map(\.label).joined(separator: " | ") + " |\n|---"
        out += String(repeating: "|---", count: rs.count + (own.isEmpty ? 0 : 1)) + "|\n"
        for c in concepts {
            out += "| \(c)\(novel.contains(c) ? " *" : "") |"
            if !own.isEmpty { out += own[c].map { " \(percent($0.share)) (\(probability($0.meanProbability))) |" } ?? " — |" }
            for r in rs {
                let cell = r.cells.first { $0.concepts == [c] }
                guard let cell, let res = results.results[cell.key] else { out += " \(cell == nil ? "" : "…") |"; continue }
                let heard = res.recognition?[c]
                out += heard.map { " \(percent($0.share)) (\(probability($0.meanProbability))) |" } ?? " — |"
            }
            out += "\n"
        }
        return out
    }

    public var csv: String {
        var out = "table,row,concepts,method,pivotal_percent,selection,tokens,concept,audio_alignment,text_alignment,delta_audio_alignment,"
        // Recognition comes last, so that readers of the older columns by position still find them.
        out += "prompts,clips_per_prompt,seeds,trained_entries,delta_bytes,final_loss,learn_seconds,evaluate_seconds,"
        out += "recognised_percent,p_concept,recognition_clips,alone_audio_alignment,alone_text_alignment,alone_recognised_percent,alone_p_concept\n"
        for r in rows {
            for c in r.cells {
                guard let res = results.results[c.key] else { continue }
                for concept in c.concepts {
                    let heard = res.recognition?[concept], alone = res.alone?[concept]
                    let fields: [String] = [
                        String(r.table), quoted(r.label), c.concepts.joined(separator: "+"), c.method?.rawValue ?? "base",
                        c.pivotalPercent.formatted, c.selection.rawValue, String(c.tokens), concept,
                        res.audioAlignment[concept].map { String(format: "%.3f", $0) } ?? "", String(format: "%.3f", res.textAlignment),
                        res.deltaAudioAlignment.map { String(format: "%.3f", $0) } ?? "", String(res.prompts), String(res.clipsPerPrompt),
                        res.seeds.map(String.init).joined(separator: " "), String(res.trainable), String(res.deltaBytes),
                        res.finalLoss.map { String(format: "%.5f", $0) } ?? "", String(format: "%.1f", res.learnSeconds),
                        String(format: "%.1f", res.evaluateSeconds),
                        heard.map { String(format: "%.3f", 100 * $0.share) } ?? "", heard.map { String(format: "%.4f", $0.meanProbability) } ?? "",
                        heard.map { String($0.clips) } ?? "",
                        alone.map { String(format: "%.3f", $0.audioAlignment) } ?? "", alone.map { String(format: "%.3f", $0.textAlignment) } ?? "",
                        alone?.recognition.map { String(format: "%.3f", 100 * $0.share) } ?? "",
                        alone?.recognition.map { String(format: "%.4f", $0.meanProbability) } ?? "",
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
    /// The Recognised and P(concept) columns: for one jointly learned cell, each concept's (its
    /// clips name them all, so a mean would hide which one is heard); otherwise the mean over the
    /// cells that were classified, with their count when some were not.
    func recognition(_ r: [BenchmarkResult]) -> (recognised: String, probability: String) {
        guard !r.isEmpty else { return ("…", "…") }
        if r.count == 1, r[0].cell.concepts.count > 1 {
            guard let heard = r[0].recognition else { return ("—", "—") }
            let names = r[0].cell.concepts.sorted()
            return (names.map { "\($0) \(percent(heard[$0]?.share))" }.joined(separator: ", "),
                    names.map { "\($0) \(probability(heard[$0]?.meanProbability))" }.joined(separator: ", "))
        }
        let heard = r.compactMap { res in res.recognition?[res.cell.concepts[0]] }
        guard !heard.isEmpty else { return ("—", "—") }
        let part = heard.count == r.count ? "" : " (\(heard.count)/\(r.count))"
        return (percent(mean(heard.map(\.share))) + part, probability(mean(heard.map(\.meanProbability))) + part)
    }
    /// One jointly learned cell's concepts, each named alone; "—" for anything else.
    func namedAlone(_ r: [BenchmarkResult]) -> String {
        guard r.count == 1, let alone = r[0].alone else { return "—" }
        return alone.sorted { $0.key < $1.key }
            .map { "\($0.key) \(percent($0.value.recognition?.share)) (\(f($0.value.audioAlignment)))" }.joined(separator: ", ")
    }
    func percent(_ share: Double?) -> String { share.map { String(format: "%.0f %%", 100 * $0) } ?? "—" }
    func probability(_ p: Double?) -> String { p.map { String(format: "%.2f", $0) } ?? "—" }
    func megabytes(_ r: [BenchmarkResult]) -> String { String(format: "%.2f MB", mean(r.map { Double($0.deltaBytes) }) / 1e6) }
    func quoted(_ s: String) -> String { s.contains(",") ? "\"\(s)\"" : s }
}
