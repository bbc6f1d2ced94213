import Engine
/// Neural-network layers built from the engine's operations.
public enum NN {}
