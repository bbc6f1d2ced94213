import Engine

/// What a clip is: the choices the music writer drew from its seed. It goes
/// into the manifest as it is, and the caption is written from it.
public struct Arrangement: Sendable, Codable, Equatable {
    public var style: String
    public var bpm: Int
    /// "4/4", "3/4", "12/8".
    public var meter: String
    public var tonic: Int
    public var mode: Mode
    /// GM programs by role; nil where the clip has no such part.
    public var lead: Int
    public var comp: Int
    public var layer: Int?
    public var bass: Int?
    /// Drum kit program on the percussion channel, nil without drums.
    public var drumKit: Int?
    /// 0 calm, 1 moderate, 2 high.
    public var energy: Int
    /// The melody's long-run character: "rising", "falling", "arched".
    public var contour: String
    /// Bars written (the rendered audio may stop inside the last).
    public var bars: Int

    public init(style: String, bpm: Int, meter: String, tonic: Int, mode: Mode, lead: Int, comp: Int, layer: Int?, bass: Int?,
                drumKit: Int?, energy: Int, contour: String, bars: Int) {
        self.style = style; self.bpm = bpm; self.meter = meter; self.tonic = tonic; self.mode = mode
        self.lead = lead; self.comp = comp; self.layer = layer; self.bass = bass; self.drumKit = drumKit
        self.energy = energy; self.contour = contour; self.bars = bars
    }

    public var key: Key { Key(tonic: tonic, mode: mode) }

    /// Every melodic program the clip plays.
    public var programs: [Int] { [lead, comp] + [layer, bass].compactMap { $0 } }
}

/// How a clip is mixed and where it sits in the room, drawn from its seed.
public struct MixSettings: Sendable, Codable, Equatable {
    /// FluidSynth reverb: room size, damping, width and level (0…1, 0…1, 0…100, 0…1).
    public var reverbRoom: Double
    public var reverbDamping: Double
    public var reverbWidth: Double
    public var reverbLevel: Double
    /// FluidSynth chorus: voices, level, speed (Hz), depth (ms).
    public var chorusVoices: Int
    public var chorusLevel: Double
    public var chorusSpeed: Double
    public var chorusDepth: Double
    /// Channel volumes (CC 7) for lead, comp, layer, bass, drums.
    public var volumes: [Int]
    /// Reverb and chorus sends (CC 91, CC 93).
    public var reverbSend: Int
    public var chorusSend: Int
    /// Loudness the clip is normalised to, in dBFS RMS.
    public var loudness: Double

    static func draw(style: Style, rng: inout SeededGenerator) -> MixSettings {
        func u(_ r: ClosedRange<Double>) -> Double { r.lowerBound + (r.upperBound - r.lowerBound) * rng.nextDouble() }
        func i(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        return MixSettings(
            reverbRoom: u(0.3...0.85), reverbDamping: u(0.1...0.6), reverbWidth: u(0.5...1.0), reverbLevel: u(0.5...0.9),
            chorusVoices: i(3...5), chorusLevel: u(0.6...1.6), chorusSpeed: u(0.2...0.6), chorusDepth: u(3...9),
            volumes: [i(104...120), i(72...96), i(62...84), i(92...112), i(84...108)],
            reverbSend: i(style.reverb), chorusSend: i(0...40), loudness: u(-21...(-17)))
    }
}
