/// What can go wrong with a person's audio, each as one line they can act on.
public enum AudioError: Error, CustomStringConvertible, Equatable {
    case notFound(path: String)
    case emptyFile(path: String)
    case unreadable(path: String, reason: String)
    case truncated(path: String, expectedFrames: Int, readFrames: Int)
    case noAudio(path: String)
    case tooShort(path: String, seconds: Double, minimum: Double)
    case silent(path: String)
    case notFinite(path: String)
    case unsupportedRate(path: String, rate: Int)
    case writeFailed(path: String, reason: String)
    case noPlaybackDevice(device: String, reason: String)
    case playbackFailed(device: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let p): return "\(p): no such file"
        case .emptyFile(let p): return "\(p): the file is empty"
        case .unreadable(let p, let r): return "\(p): not a readable audio file (\(r))"
        case .truncated(let p, let e, let r):
            return "\(p): the file is truncated or damaged (its header promises \(e) frames, only \(r) could be read)"
        case .noAudio(let p): return "\(p): the file holds no audio frames"
        case .tooShort(let p, let s, let m): return "\(p): only \(formatSeconds(s)) of audio; at least \(formatSeconds(m)) are needed"
        case .silent(let p): return "\(p): the audio is silent"
        case .notFinite(let p): return "\(p): the audio holds NaN or infinite samples"
        case .unsupportedRate(let p, let r): return "\(p): unsupported sample rate \(r) Hz"
        case .writeFailed(let p, let r): return "\(p): cannot write (\(r))"
        case .noPlaybackDevice(let d, let r):
            return "no sound device '\(d)' (ALSA: \(r)); write to a file instead with --out FILE.wav"
        case .playbackFailed(let d, let r): return "playback on '\(d)' failed (ALSA: \(r))"
        }
    }
}

func formatSeconds(_ s: Double) -> String {
    s < 10 ? String(format: "%.1f s", s) : String(format: "%.0f s", s)
}

import Foundation
