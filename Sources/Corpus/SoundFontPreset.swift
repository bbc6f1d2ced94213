import CFluidSynth

/// A preset of a loaded soundfont: bank 128 holds drum kits (GM/GS convention),
/// bank 0 the General MIDI programs, other banks GS variations.
public struct SoundFontPreset: Sendable, Codable, Hashable, Comparable {
    public var bank: Int
    public var program: Int
    public var name: String

    public init(bank: Int, program: Int, name: String) {
        self.bank = bank
        self.program = program
        self.name = name
    }

    public static let drumBank = 128
    public var isDrumKit: Bool { bank == Self.drumBank }

    public static func < (a: SoundFontPreset, b: SoundFontPreset) -> Bool { (a.bank, a.program) < (b.bank, b.program) }

    /// The presets of a soundfont loaded in FluidSynth, sorted by bank and program.
    static func list(_ sfont: OpaquePointer) -> [SoundFontPreset] {
        var out: [SoundFontPreset] = []
        fluid_sfont_iteration_start(sfont)
        while let p = fluid_sfont_iteration_next(sfont) {
            let name = fluid_preset_get_name(p).map { String(cString: $0) } ?? ""
            out.append(SoundFontPreset(bank: Int(fluid_preset_get_banknum(p)), program: Int(fluid_preset_get_num(p)), name: name))
        }
        return out.sorted()
    }

    /// A full General MIDI set: the 128 programs in bank 0 and the GM drum kits in bank 128
    /// (what FluidR3_GM holds); tests use it to check a plan without loading a soundfont.
    public static let generalMIDI: [SoundFontPreset] =
        (0..<128).map { SoundFontPreset(bank: 0, program: $0, name: GeneralMIDI.programNames[$0]) }
        + (GeneralMIDI.Kit.allCases.map(\.rawValue) + [56]).map { SoundFontPreset(bank: drumBank, program: $0, name: "kit \($0)") }
}
