import Foundation
import Model

/// The classifier report as Markdown: the candidates, the test accuracy overall and per
/// class, and the largest confusions.
public enum ClassifierReportTable {
    public static func markdown(_ r: ClassifierReport) -> String {
        func pct(_ x: Double) -> String { String(format: "%.1f %%", 100 * x) }
        var s = "### Candidates (validation, \(r.validationClips) clips)\n\n| features | hidden | accuracy | mean P(true) |\n|---|---:|---:|---:|\n"
        for c in r.candidates {
            let mark = c == r.chosen ? " **(chosen)**" : ""
            s += "| \(c.features.rawValue)\(mark) | \(c.hidden) | \(pct(c.validationAccuracy)) | \(String(format: "%.3f", c.validationMeanTrueProbability)) |\n"
        }
        s += "\n### Test clips (held out by whole clip)\n\n"
        s += "Overall: **\(pct(r.test.overall))** (\(r.test.correct)/\(r.test.clips) clips), mean P(true class) \(String(format: "%.3f", r.test.meanTrueProbability)); "
        s += "on the \(r.testUnseenByEvaluator.clips) test clips the evaluator never trained on either: \(pct(r.testUnseenByEvaluator.overall)) "
        s += "(\(r.testUnseenByEvaluator.correct)/\(r.testUnseenByEvaluator.clips)).\n\n"
        s += perClass(r.test, classes: r.classes)
        for (name, a) in (r.heldOut ?? [:]).sorted(by: { $0.key < $1.key }) {
            s += "\n### Held-out corpus \(name) (never trained on)\n\n"
            s += "Overall: **\(pct(a.overall))** (\(a.correct)/\(a.clips) clips), mean P(true class) \(String(format: "%.3f", a.meanTrueProbability)).\n\n"
            s += perClass(a, classes: r.classes)
        }
        return s
    }

    /// Accuracy per true class and what each is most often taken for.
    static func perClass(_ a: ClassifierTraining.Accuracy, classes: [String]) -> String {
        func pct(_ x: Double) -> String { String(format: "%.1f %%", 100 * x) }
        var s = "| class | clips | correct | accuracy | most often taken for |\n|---|---:|---:|---:|---|\n"
        for (i, name) in classes.enumerated() {
            guard let pc = a.perClass[name] else { continue }
            let row = a.confusion[i]
            let wrong = row.indices.filter { $0 != i && row[$0] > 0 }.sorted { row[$0] > row[$1] }
            let taken = wrong.prefix(2).map { "\(classes[$0]) (\(row[$0]))" }.joined(separator: ", ")
            s += "| \(name) | \(pc[0]) | \(pc[1]) | \(pct(Double(pc[1]) / Double(max(pc[0], 1)))) | \(taken.isEmpty ? "—" : taken) |\n"
        }
        return s
    }
}
