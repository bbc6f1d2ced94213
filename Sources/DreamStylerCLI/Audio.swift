import ArgumentParser

extension DreamStyler {
    struct Audio: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inspect, play and picture audio files; hear what the vocoder does.",
            discussion: """
            Any file libsndfile reads (WAV, FLAC, OGG/Vorbis, AIFF, MP3, …) at any rate and \
            channel count is turned into 16 kHz mono, the way the studio hears references.
            """,
            subcommands: [AudioInfo.self, AudioPlay.self, AudioMel.self, AudioRoundTrip.self])
    }
}
