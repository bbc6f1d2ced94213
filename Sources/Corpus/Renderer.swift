import CFluidSynth
import Foundation

/// What can go wrong when rendering, as one line each.
public enum RenderError: Error, CustomStringConvertible, Equatable {
    case soundFontMissing(String)
    case soundFontUnreadable(String)
    case synthFailed(String)

    public var description: String {
        switch self {
        case .soundFontMissing(let p):
            return "\(p): no such soundfont; install fluid-soundfont-gm (Scripts/setup) or pass --soundfont PATH"
        case .soundFontUnreadable(let p): return "\(p): FluidSynth cannot load this file as a soundfont"
        case .synthFailed(let r): return "FluidSynth failed: \(r)"
        }
    }
}

/// Renders Standard MIDI Files to mono audio with libfluidsynth.
///
/// Measured on the 2-core development machine with FluidR3_GM: the command
/// line loads the 141 MB soundfont for every file (about 0.25 s), so a 10 s
/// clip renders at about 40× real time; the library with the soundfont loaded
/// once renders several hundred times faster than real time. A synth reused
/// across clips is not deterministic (its reverb and chorus keep state, and
/// the MIDI player's clock keeps running), so each clip gets a fresh synth
/// that borrows the already loaded soundfont: same MIDI, same mix, same
/// soundfont → the same samples, bit for bit.
///
/// One renderer per thread: FluidSynth objects are not shared.
public final class Renderer {
    public static let defaultSoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2"

    public let soundFontPath: String
    public let sampleRate: Int
    private let holderSettings: OpaquePointer
    private let holder: OpaquePointer
    private let soundFont: OpaquePointer
    private let decimator = Decimator()
    /// Every preset the soundfont holds, by bank and program.
    public let presets: [SoundFontPreset]

    /// Loads the soundfont; `sampleRate` is the output rate (synthesis runs at twice it).
    public init(soundFont path: String = Renderer.defaultSoundFont, sampleRate: Int = 16_000) throws(RenderError) {
        Self.silenceLogs
        guard FileManager.default.fileExists(atPath: path) else { throw .soundFontMissing(path) }
        soundFontPath = path
        self.sampleRate = sampleRate
        guard let settings = new_fluid_settings() else { throw .synthFailed("cannot create settings") }
        fluid_settings_setnum(settings, "synth.sample-rate", Double(2 * sampleRate))
        guard let synth = new_fluid_synth(settings) else {
            delete_fluid_settings(settings)
            throw .synthFailed("cannot create a synthesizer")
        }
        let id = fluid_synth_sfload(synth, path, 0)
        guard id >= 0, let sf = fluid_synth_get_sfont_by_id(synth, id) else {
            delete_fluid_synth(synth)
            delete_fluid_settings(settings)
            throw .soundFontUnreadable(path)
        }
        holderSettings = settings
        holder = synth
        soundFont = sf
        presets = SoundFontPreset.list(sf)
    }

    deinit {
        delete_fluid_synth(holder)
        delete_fluid_settings(holderSettings)
    }

    /// FluidSynth's own messages would interleave with the progress output; errors are reported by return codes instead.
    private static let silenceLogs: Void = {
        for level in [FLUID_PANIC, FLUID_ERR, FLUID_WARN, FLUID_INFO, FLUID_DBG] {
            fluid_set_log_function(Int32(level.rawValue), nil, nil)
        }
    }()

    /// `seconds` of `midi` as mono samples at `sampleRate`, with the mix's reverb and chorus.
    /// Stereo is averaged to mono; the level is left as the synth made it.
    public func render(midi: [UInt8], seconds: Double, mix: MixSettings) throws(RenderError) -> [Float] {
        let rate = 2 * sampleRate
        guard let settings = new_fluid_settings() else { throw .synthFailed("cannot create settings") }
        defer { delete_fluid_settings(settings) }
        fluid_settings_setnum(settings, "synth.sample-rate", Double(rate))
        fluid_settings_setstr(settings, "player.timing-source", "sample")
        fluid_settings_setint(settings, "synth.threadsafe-api", 0)
        fluid_settings_setint(settings, "synth.polyphony", 256)
        fluid_settings_setnum(settings, "synth.gain", 0.3)
        fluid_settings_setnum(settings, "synth.reverb.room-size", mix.reverbRoom)
        fluid_settings_setnum(settings, "synth.reverb.damp", mix.reverbDamping)
        fluid_settings_setnum(settings, "synth.reverb.width", mix.reverbWidth * 100)
        fluid_settings_setnum(settings, "synth.reverb.level", mix.reverbLevel)
        fluid_settings_setint(settings, "synth.chorus.nr", Int32(mix.chorusVoices))
        fluid_settings_setnum(settings, "synth.chorus.level", mix.chorusLevel)
        fluid_settings_setnum(settings, "synth.chorus.speed", mix.chorusSpeed)
        fluid_settings_setnum(settings, "synth.chorus.depth", mix.chorusDepth)
        guard let synth = new_fluid_synth(settings) else { throw .synthFailed("cannot create a synthesizer") }
        defer { delete_fluid_synth(synth) }
        guard fluid_synth_add_sfont(synth, soundFont) >= 0 else { throw .synthFailed("cannot attach the soundfont") }
        // The soundfont belongs to the holder synth: detach it before this synth is deleted.
        defer { fluid_synth_remove_sfont(synth, soundFont) }
        fluid_synth_program_reset(synth)

        guard let player = new_fluid_player(synth) else { throw .synthFailed("cannot create a MIDI player") }
        defer { delete_fluid_player(player) }
        let added = midi.withUnsafeBytes { fluid_player_add_mem(player, $0.baseAddress, $0.count) }
        guard added == FLUID_OK else { throw .synthFailed("the MIDI data was refused") }
        guard fluid_player_play(player) == FLUID_OK else { throw .synthFailed("the MIDI player did not start") }

        let frames = Int((seconds * Double(rate)).rounded())
        var left = [Float](repeating: 0, count: frames), right = [Float](repeating: 0, count: frames)
        let block = 1024
        var done = 0
        var status = Int32(FLUID_OK)
        left.withUnsafeMutableBytes { l in
            right.withUnsafeMutableBytes { r in
                while done < frames && status == FLUID_OK {
                    let n = min(block, frames - done)
                    status = fluid_synth_write_float(synth, Int32(n), l.baseAddress, Int32(done), 1, r.baseAddress, Int32(done), 1)
                    done += n
                }
            }
        }
        guard status == FLUID_OK else { throw .synthFailed("rendering stopped") }
        fluid_player_stop(player)
        var mono = [Float](repeating: 0, count: frames)
        for i in 0..<frames { mono[i] = 0.5 * (left[i] + right[i]) }
        return decimator.decimate(mono)
    }
}
