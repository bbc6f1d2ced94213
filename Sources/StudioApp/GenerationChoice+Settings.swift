import Diffusion
import Generation
import Studio

/// The Prompt panel's settings and the generator's are one set of numbers; the panel keeps the
/// sampler as its name so that `Studio` needs no model code.
extension GenerationChoice {
    init(_ s: GenerationSettings) {
        self.init()
        seconds = s.seconds; steps = s.steps; cfg = Double(s.guidance); seed = s.seed; sampler = s.sampler.rawValue
        keep = Int(s.keepPrompt.rounded())
    }
}

extension GenerationSettings {
    init(_ c: GenerationChoice) {
        self.init()
        seconds = c.seconds; steps = c.steps; guidance = Float(c.cfg); seed = c.seed; keepPrompt = Float(c.keep)
        sampler = SamplerKind(rawValue: c.sampler) ?? sampler
    }
}
