import CSampleRate

/// Streaming sample-rate conversion of mono audio through libsamplerate.
final class Resampler {
    private let state: OpaquePointer
    let ratio: Double
    private var output: [Float] = []

    /// `quality`: a libsamplerate converter (SRC_SINC_BEST_QUALITY by default).
    init(from inputRate: Int, to outputRate: Int, quality: Int32 = Int32(SRC_SINC_BEST_QUALITY)) throws(AudioError) {
        var err: Int32 = 0
        guard let s = src_new(quality, 1, &err) else {
            throw .unreadable(path: "resampler", reason: String(cString: src_strerror(err)))
        }
        state = s
        ratio = Double(outputRate) / Double(inputRate)
    }

    deinit { src_delete(state) }

    /// Feeds `input`; converted samples are appended to `out`.
    func process(_ input: UnsafeBufferPointer<Float>, endOfInput: Bool, into out: inout [Float]) throws(AudioError) {
        var consumed = 0
        let chunk = max(4096, Int(Double(input.count) * ratio) + 64)
        if output.count < chunk { output = [Float](repeating: 0, count: chunk) }
        repeat {
            var data = SRC_DATA()
            let remaining = input.count - consumed
            let produced: Int = output.withUnsafeMutableBufferPointer { ob in
                data.data_in = remaining > 0 ? input.baseAddress! + consumed : nil
                data.input_frames = remaining
                data.data_out = ob.baseAddress
                data.output_frames = ob.count
                data.end_of_input = endOfInput ? 1 : 0
                data.src_ratio = ratio
                let e = src_process(state, &data)
                return e == 0 ? Int(data.output_frames_gen) : -Int(e)
            }
            if produced < 0 { throw .unreadable(path: "resampler", reason: String(cString: src_strerror(Int32(-produced)))) }
            consumed += Int(data.input_frames_used)
            out.append(contentsOf: output[0..<produced])
            if consumed >= input.count && (produced == 0 || !endOfInput) { break }
        } while true
    }
}
