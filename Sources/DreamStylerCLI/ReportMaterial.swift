import ArgumentParser
import Foundation
import Pretraining

/// The clips a reconstruction report measures (`pretrain codec-report`, `vocoder-report`): any of
/// procedural clips per GM family, the benchmark's evaluation recordings, real held-out tracks.
func reportMaterial(procedural: String?, perFamily: Int, benchmark: String?, real: String?, perPackage: Int) throws -> [CodecReport.Item] {
    var items: [CodecReport.Item] = []
    if let procedural { items += try ReportItems.procedural(URL(fileURLWithPath: procedural), perFamily: perFamily) }
    if let benchmark { items += try ReportItems.benchmark(URL(fileURLWithPath: benchmark)) }
    if let real { items += try ReportItems.real(URL(fileURLWithPath: real), perPackage: perPackage) }
    guard !items.isEmpty else { throw ValidationError("nothing to measure: give --procedural, --benchmark and/or --real") }
    print("\(items.count) clips")
    return items
}
