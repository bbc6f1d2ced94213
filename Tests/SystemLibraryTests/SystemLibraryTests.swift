import CALSA
import CCPU
import CDNNL
import CFFTW
import CFluidSynth
import CNcursesW
import CSampleRate
import CSndFile
import Testing

/// Every C library the product stands on links and answers with its version.
@Suite struct SystemLibraryTests {
    @Test func oneDNN() {
        let version = dnnl_version()!.pointee
        #expect(version.major >= 2)
        var c: Float = 0
        var a: Float = 3, b: Float = 4
        #expect(dnnl_sgemm(CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), 1, 1, 1, 1, &a, 1, &b, 1, 0, &c, 1) == dnnl_success)
        #expect(c == 12)
    }

    @Test func cpuid() {
        var f = ds_cpu_features()
        ds_cpu_query(&f)
        // Every x86-64 CPU this runs on has SSE4.1 (x86-64-v2); the vendor string is 12 letters.
        #expect(f.sse41 == 1)
        #expect(withUnsafeBytes(of: f.vendor) { $0.prefix(12).allSatisfy { $0 >= 0x20 && $0 < 0x7f } })
    }

    @Test func libsndfile() {
        #expect(String(cString: sf_version_string()).hasPrefix("libsndfile"))
    }

    @Test func libsamplerate() {
        #expect(String(cString: src_get_version()).contains("libsamplerate"))
        #expect(src_get_name(Int32(SRC_SINC_BEST_QUALITY)) != nil)
    }

    @Test func fftwSinglePrecision() {
        #expect(String(cString: dreamstyler_fftwf_version()).contains("fftw-3"))
        // A 4-point real FFT of [1, 0, 0, 0] is flat: every bin is 1.
        let input = fftwf_alloc_real(4)!, output = fftwf_alloc_complex(3)!
        defer { fftwf_free(input); fftwf_free(output) }
        let plan = fftwf_plan_dft_r2c_1d(4, input, output, UInt32(FFTW_ESTIMATE))
        input[0] = 1; input[1] = 0; input[2] = 0; input[3] = 0
        fftwf_execute(plan)
        fftwf_destroy_plan(plan)
        for k in 0..<3 { #expect(output[k].0 == 1 && output[k].1 == 0) }
    }

    @Test func alsa() {
        #expect(String(cString: snd_asoundlib_version()).split(separator: ".").count == 3)
        dreamstyler_alsa_silence_errors()
    }

    @Test func ncursesWide() {
        #expect(String(cString: curses_version()).hasPrefix("ncurses"))
    }

    @Test func fluidSynth() {
        var major: Int32 = 0, minor: Int32 = 0, micro: Int32 = 0
        fluid_version(&major, &minor, &micro)
        #expect(major >= 2)
    }
}
