import Engine
import Foundation
import Imaging

/// A picture of a log-mel spectrogram a person can look at: time to the right,
/// low frequencies at the bottom, loudness as colour (magma by default).
public enum SpectrogramPicture {
    /// `logMel` (T, bands) natural-log mel power; `dynamicRange` in dB below the loudest cell is black.
    public static func render(_ logMel: Tensor, pixelsPerFrame: Int = 2, pixelsPerBand: Int = 3,
                              dynamicRange: Double = 80, colormap: Colormap = .magma) -> Canvas {
        let t = logMel.shape[0], bands = logMel.shape[1]
        let values = logMel.toArray()
        let top = Double(values.max() ?? 0)
        // ln → dB: 10·log10(e^x) = x · 10/ln 10.
        let floor = top - dynamicRange * log(10) / 10
        var canvas = Canvas(width: max(1, t * pixelsPerFrame), height: bands * pixelsPerBand)
        for f in 0..<t {
            for b in 0..<bands {
                let v = (Double(values[f * bands + b]) - floor) / (top - floor)
                let c = colormap.color(v)
                canvas.fill(x: f * pixelsPerFrame, y: (bands - 1 - b) * pixelsPerBand, width: pixelsPerFrame, height: pixelsPerBand, c)
            }
        }
        return canvas
    }

    /// Writes the picture of an audio clip as PNG (atomically).
    public static func write(_ clip: AudioClip, to path: String, analysis: MelSpectrogram = MelSpectrogram(),
                             pixelsPerFrame: Int = 2, colormap: Colormap = .magma) throws {
        let canvas = render(analysis.logMel(clip.samples), pixelsPerFrame: pixelsPerFrame, colormap: colormap)
        try AtomicFile.write(canvas.pngData(), to: URL(fileURLWithPath: path))
    }
}
