import Engine

/// Anything a training stage can draw batches of mel crops from: one corpus's
/// cache, or several corpora mixed by weight. The second result names what each
/// crop came from (a clip index or a source index, depending on the sampler).
public protocol MelCropSource {
    func randomCrops(_ batch: Int, frames: Int, rng: inout SeededGenerator, silence: Float) -> (Tensor, [Int])
}

extension MelCache: MelCropSource {}
