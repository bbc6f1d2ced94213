import ArgumentParser
import Audio
import Diffusion
import Generation
import Imaging
import Method

/// The library's enums as the command line names them (their raw values); a bad value is
/// refused with the list of good ones, and `--help` shows them.
extension TuningMethod: ExpressibleByArgument {}
extension EntrySelectionMode: ExpressibleByArgument {}
extension MaskScope: ExpressibleByArgument {}
extension TrainingPrompts: ExpressibleByArgument {}
extension LearnPreset: ExpressibleByArgument {}
extension ConceptKind: ExpressibleByArgument {}
extension SamplerKind: ExpressibleByArgument {}
extension Colormap: ExpressibleByArgument {}
extension VocoderChoice: ExpressibleByArgument {}
extension MelInversion: ExpressibleByArgument {}
