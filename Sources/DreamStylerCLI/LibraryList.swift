import ArgumentParser
import Foundation
import Library
import Workspace

extension DreamStyler {
    struct LibraryList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every concept with its kind, tokens, references and status.")

        func run() throws {
            try reportingErrors {
                let concepts = try openWorkspace().concepts()
                if concepts.isEmpty { print("the library is empty; teach it a concept with `dreamstyler learn`"); return }
                func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
                print(pad("concept", 18) + pad("kind", 12) + pad("tokens", 8) + pad("reference", 11) + pad("method", 20) + "status")
                for c in concepts {
                    print(pad("<\(c.name)>", 18) + pad(c.concept.kind, 12) + pad(String(c.concept.tokenCount), 8)
                          + pad(String(format: "%.0f s", c.referenceSeconds), 11) + pad(c.method ?? "-", 20) + c.status)
                }
            }
        }
    }

    struct LibraryShow: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A concept's references, runs and scores.")

        @Argument(help: "Concept name.")
        var name: String

        func run() throws {
            try reportingErrors {
                let lib = try openWorkspace().library
                guard let c = try lib.concept(named: name) else {
                    throw ConceptLibrary.Failure.unknown(name, known: try lib.concepts().map(\.name))
                }
                print("<\(c.name)>  \(c.kind), \(c.tokenCount) tokens from '\(c.classWord)', added \(c.createdAt)")
                for r in try lib.references(of: name) { print(String(format: "  reference  %@  (%.0f s, sha256 %@…)", r.path, r.seconds, String(r.sha256.prefix(12)))) }
                for r in try lib.runs(of: name) {
                    let losses = try lib.metrics(runId: r.id!, name: "loss")
                    print("  run \(r.id!)  \(r.method)  \(r.status.rawValue)  step \(r.step)" + (r.conceptNames.count > 1 ? "  jointly with \(r.conceptNames.filter { $0 != name }.joined(separator: ", "))" : ""))
                    if let last = losses.last { print(String(format: "    final loss %.4f (%d points logged)", last.value, losses.count)) }
                    if let d = r.deltaPath { print("    delta \(d)") }
                    // Alignment ×100, shares and probabilities 0–1; "@quick": the studio's quick look.
                    for s in try lib.scores(runId: r.id!) { print(String(format: "    %@  %.3f", s.name, s.value)) }
                    if let e = r.error { print("    error: \(e)") }
                }
            }
        }
    }
}
