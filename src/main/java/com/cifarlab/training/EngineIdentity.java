package com.cifarlab.training;

/**
 * What a trainer is, for deciding whether two machines give the same results.
 *
 * @param software CIFAR Lab's and the engine's releases: machines must agree on it
 * @param build    the engine's native build (AVX2 or AVX-512 builds differ only in the last digits)
 * @param dataset  the fingerprint of the data set it trains on ("none" before an import): machines must agree on it
 */
public record EngineIdentity(String software, String build, String dataset) {

    public static final String NO_DATASET = "none";
}
