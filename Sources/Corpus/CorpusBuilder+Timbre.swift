import Audio
import Engine
import Foundation

extension CorpusBuilder {
    public enum TimbreFailure: Error, CustomStringConvertible {
        case noPresets(String)
        public var description: String {
            switch self {
            case .noPresets(let p): return "\(p): the soundfont holds no presets"
            }
        }
    }

    /// Clip `index` of a timbre corpus: the plan's cell for it, rendered through the loaded soundfont.
    func makeTimbreClip(index: Int, renderer: Renderer) throws -> (String, Double) {
        let plan = TimbrePlan(presets: renderer.presets)
        guard !plan.cells.isEmpty else { throw TimbreFailure.noPresets(settings.soundFont) }
        let clip = TimbreClip(index: index, corpusSeed: settings.seed, plan: plan)
        let (midi, gestures, mix, caption) = clip.compose()
        let bytes = midi.data()
        let raw = try renderer.render(midi: bytes, seconds: clip.seconds, mix: mix)
        let samples = Mastering.finish(raw, loudness: mix.loudness, fade: settings.sampleRate / 40)
        let name = String(format: "%06d", index)
        let file = "clips/\(name).\(settings.format)"
        let encoding: AudioFile.Encoding = settings.format == "wav" ? .wav16 : .flac16
        let preset = clip.cell.preset
        try AudioFile.write(AudioClip(samples: samples, sampleRate: settings.sampleRate), to: folder.appendingPathComponent(file).path,
                            encoding: encoding,
                            metadata: AudioMetadata(title: caption, comment: "seed=\(clip.seed); bank=\(preset.bank); program=\(preset.program)"))
        if keepMIDI { try AtomicFile.write(Data(bytes), to: clipsURL.appendingPathComponent("\(name).mid")) }
        let entry = TimbreClipEntry(file: file, caption: caption, seed: clip.seed, index: index, seconds: clip.seconds, kind: .gm,
                                    bank: preset.bank, program: preset.program, preset: preset.name, register: clip.cell.register,
                                    pass: clip.pass, gestures: gestures, mix: mix)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (String(decoding: try encoder.encode(entry), as: UTF8.self) + "\n", clip.seconds)
    }
}
