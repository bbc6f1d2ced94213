// The spectrogram settings live in a target of their own so that the model stack can read
// them without linking audio I/O (libsndfile, ALSA, FFTW); Audio's users still see them.
@_exported import SpectrogramSettings
