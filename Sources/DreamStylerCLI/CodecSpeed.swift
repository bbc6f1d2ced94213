import Dispatch
import Engine
import Foundation
import Model
import SpectrogramSettings

/// Size and speed of codecs, for the capacity trade-off: parameters, fp16 size,
/// and the median time to encode and to decode 10 s of audio (625 mel frames,
/// batch 1), after one warm-up pass.
enum CodecSpeed {
    static func table(_ codecs: [(label: String, codec: LatentCodec)], config: [ModelConfiguration], repeats: Int = 5) -> String {
        var lines = ["| codec | channels | res/stage | parameters | fp16 MB | encode 10 s (ms) | decode 10 s (ms) |", "|---|---|---:|---:|---:|---:|---:|"]
        for (i, entry) in codecs.enumerated() {
            let c = config[i].codec, bands = config[i].spectrogram.melBands
            var rng = SeededGenerator(seed: 7)
            let x = Tensor.randn([1, 624, bands], std: 0.3, using: &rng)
            func median(_ body: () -> Void) -> Double {
                body()
                var times: [Double] = []
                for _ in 0..<repeats {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    body()
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                }
                return times.sorted()[repeats / 2]
            }
            let z = noGrad { entry.codec.encoder(x) }
            let enc = median { _ = noGrad { entry.codec.encoder(x) } }
            let dec = median { _ = noGrad { entry.codec.decoder(z) } }
            let p = entry.codec.parameterCount
            lines.append(String(format: "| %@ | %@ | %d | %d | %.2f | %.1f | %.1f |", entry.label, c.channels.map(String.init).joined(separator: ","),
                                c.resBlocksPerStage, p, Double(p * 2) / 1e6, enc, dec))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
