import CALSA
import Foundation

/// An open ALSA playback device, configured for mono float or 16-bit frames.
final class PCMDevice: @unchecked Sendable {
    let handle: OpaquePointer
    let name: String
    /// The rate the device runs at; clips at another rate are resampled first.
    let sampleRate: Int
    let float: Bool

    private static let silenced: Void = { dreamstyler_alsa_silence_errors() }()

    /// Opens `name` from the system's ALSA configuration, or from `configuration`
    /// (a complete ALSA configuration text) when given.
    init(name: String, configuration: String?, preferredRate: Int) throws(AudioError) {
        _ = PCMDevice.silenced
        var pcm: OpaquePointer?
        var err: Int32
        if let text = configuration {
            var top: OpaquePointer?, input: OpaquePointer?
            snd_config_top(&top)
            err = text.withCString { snd_input_buffer_open(&input, $0, text.utf8.count) }
            if err == 0 { err = snd_config_load(top, input); snd_input_close(input) }
            if err == 0 { err = snd_pcm_open_lconf(&pcm, name, SND_PCM_STREAM_PLAYBACK, 0, top) }
            snd_config_delete(top)
        } else {
            err = snd_pcm_open(&pcm, name, SND_PCM_STREAM_PLAYBACK, 0)
        }
        guard err == 0, let h = pcm else { throw .noPlaybackDevice(device: name, reason: String(cString: snd_strerror(err))) }
        // Ask for the clip's own rate first (ALSA's plug layer converts when it can),
        // then the common hardware rates, which we resample to ourselves.
        for rate in [preferredRate, 48_000, 44_100] {
            for isFloat in [true, false] {
                let format = isFloat ? SND_PCM_FORMAT_FLOAT_LE : SND_PCM_FORMAT_S16_LE
                if snd_pcm_set_params(h, format, SND_PCM_ACCESS_RW_INTERLEAVED, 1, UInt32(rate), 1, 100_000) == 0 {
                    handle = h
                    self.name = name
                    sampleRate = rate
                    float = isFloat
                    return
                }
            }
        }
        snd_pcm_close(h)
        throw .noPlaybackDevice(device: name, reason: "no mono float or 16-bit mode at \(preferredRate), 48000 or 44100 Hz")
    }

    deinit { snd_pcm_close(handle) }

    /// Writes frames, recovering from underruns; returns false (with a reason) on a fatal error.
    func write(_ frames: UnsafeBufferPointer<Float>) -> String? {
        var offset = 0
        var shorts = float ? [] : frames.map { Int16(max(-1, min(1, $0)) * 32767) }
        while offset < frames.count {
            let n: Int = float
                ? Int(snd_pcm_writei(handle, frames.baseAddress! + offset, snd_pcm_uframes_t(frames.count - offset)))
                : shorts.withUnsafeMutableBufferPointer { Int(snd_pcm_writei(handle, $0.baseAddress! + offset, snd_pcm_uframes_t(frames.count - offset))) }
            if n < 0 {
                if snd_pcm_recover(handle, Int32(n), 1) < 0 { return String(cString: snd_strerror(Int32(n))) }
                continue
            }
            offset += n
        }
        _ = shorts.count
        return nil
    }

    /// Frames written but not yet heard.
    var delay: Int {
        var d: snd_pcm_sframes_t = 0
        return snd_pcm_delay(handle, &d) == 0 ? max(0, Int(d)) : 0
    }

    func drain() { snd_pcm_drain(handle) }
    func drop() { snd_pcm_drop(handle) }
}
