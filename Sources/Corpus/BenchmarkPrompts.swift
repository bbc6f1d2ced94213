/// The benchmark's 20 text prompts, in the manner of MusicCaps captions. They
/// describe mood, tempo, texture and setting, and name none of the 20 concepts
/// (a test checks), so that Text Alignment measures whether a concept can be
/// steered by words it was never taught with.
public enum BenchmarkPrompts {
    public static let all: [String] = [
        "A slow, melancholic melody with soft sustained chords underneath, recorded in a quiet room.",
        "An upbeat, joyful tune with a steady beat, perfect for a summer afternoon.",
        "Calm and dreamy music with gentle, sparse notes and a lot of reverb.",
        "A fast, energetic piece with driving drums and a catchy repeating riff.",
        "Mellow late-night music, warm and intimate, at a relaxed tempo.",
        "A dark, tense soundtrack with low sustained tones and a slow pulse.",
        "A cheerful, bouncy melody in a major key over a light rhythm section.",
        "Peaceful meditative music with long, slowly changing chords.",
        "A dramatic piece that builds, with rising melodic lines and strong accents.",
        "A nostalgic, bittersweet tune played softly over a simple bass line.",
        "Playful and quirky music made of short, detached notes.",
        "A triumphant, bold theme with a confident, steady rhythm.",
        "A gentle lullaby, quiet and tender, at a very slow tempo.",
        "Groovy, laid-back music with a syncopated bass line and crisp drums.",
        "A sad, lonely melody over sparse piano chords.",
        "Bright and lively music for a celebration, with handclaps and a busy groove.",
        "A mysterious, atmospheric piece in a minor key with echoing notes.",
        "A romantic, flowing melody accompanied by soft strings.",
        "Energetic dance music at a fast tempo with a pounding kick drum.",
        "A warm, hopeful tune with acoustic guitar and light percussion at a moderate tempo.",
    ]
}
