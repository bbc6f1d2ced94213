/// The real architecture at its smallest (16–24 channels, one block per level): real parameter names
/// and shapes in a few hundred KB, for the tests' tiny base model and the delta fuzz target.
extension ModelConfiguration {
    public static func tiny(textHiddenSize: Int) -> ModelConfiguration {
        var c = ModelConfiguration()
        c.codec.channels = [16, 16]
        c.codec.latentChannels = 4
        c.codec.groups = 4
        c.codec.latentScale = 2
        c.denoiser.channels = [16, 24]
        c.denoiser.attention = [false, true]
        c.denoiser.resBlocksPerLevel = 1
        c.denoiser.heads = 2
        c.denoiser.timeChannels = 32
        c.denoiser.groups = 4
        c.text.hiddenSize = textHiddenSize
        return c
    }
}
