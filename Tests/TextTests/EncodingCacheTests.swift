import Engine
import EngineTestSupport
import Foundation
import Testing
import Text
import TextTestSupport

@Suite struct EncodingCacheTests {
    @Test func aPromptWithoutIdentifiersIsEncodedOnce() throws {
        let encoder = try TinyBert.encoder()
        let first = try noGrad { try encoder.encode(["slow melody", "the sad song", "slow melody"]) }
        // The repeated caption is looked up and encoded once, inside the same batch.
        #expect(encoder.cache.count == 2 && encoder.cache.misses == 2 && encoder.cache.hits == 0)
        // (The global FLOP counter cannot show "no GEMM ran": other tests run GEMMs at the same time.)
        let second = try noGrad { try encoder.encode(["the sad song", "slow melody"]) }
        #expect(encoder.cache.hits == 2 && encoder.cache.misses == 2)
        // Same values as before ("the sad song" is 5 tokens, "slow melody" 4), and as an uncached pass.
        let d = encoder.hiddenSize
        #expect(first.length == 5 && second.length == 5)
        #expect(Array(second.states.toArray()[0..<(5 * d)]) == Array(first.states.toArray()[(5 * d)..<(10 * d)]))
        #expect(Array(first.states.toArray()[0..<(5 * d)]) == Array(first.states.toArray()[(10 * d)..<(15 * d)]))
        let direct = noGrad { encoder.states([try! encoder.tokenize("slow melody")]) }
        // Cached entries are encoded alone at their own length: bit for bit the prompt's own pass,
        // whatever it was first encoded beside (a resumed learn fills its cache in another order).
        #expect(Array(second.states.toArray()[(5 * d)..<(9 * d)]) == direct.toArray())
        let alone = try TinyBert.encoder()
        let fresh = try noGrad { try alone.encode(["slow melody"]) }
        #expect(fresh.states.toArray() == direct.toArray())
        #expect(second.states.toArray()[(9 * d)..<(10 * d)].allSatisfy { $0 == 0 })
        #expect(second.mask.toArray() == [1, 1, 1, 1, 1, 1, 1, 1, 1, 0])
    }

    @Test func promptsThatNameConceptsAreNeverCachedAndStillTrain() throws {
        let encoder = try TinyBert.encoder()
        let koto = try encoder.addConcept("koto", initialization: .word("instrument"))
        let prompts = ["slow melody", "<koto> melody", "", "a sad <koto>"]
        let plain = try noGrad { try encoder.encode(prompts) }
        #expect(encoder.cache.count == 2)
        // Mixed batch: the cached rows are constants, the others carry the graph.
        let mixed = try encoder.encode(prompts)
        #expect(maxAbsDifference(mixed.states.toArray(), plain.states.toArray()) < 1e-6)
        let uncached = noGrad { encoder.states(mixed.prompts) }
        #expect(maxAbsDifference(mixed.states.toArray(), uncached.toArray()) < 1e-5)
        mixed.meanPooled().sum().backward()
        #expect((koto.embeddings.value.grad?.toArray().contains { $0 != 0 }) == true)
        #expect(encoder.cache.count == 2)
    }

    @Test func changingTheMaximumLengthEmptiesTheCache() throws {
        let encoder = try TinyBert.encoder()
        _ = try noGrad { try encoder.encode(["slow sad melody with piano"]) }
        #expect(encoder.cache.count == 1)
        encoder.maxLength = 4
        #expect(encoder.cache.count == 0)
        #expect(try noGrad { try encoder.encode(["slow sad melody with piano"]) }.length == 4)
    }

    @Test func theLeastRecentlyUsedEntriesGoFirst() {
        let cache = EncodingCache(capacityBytes: 10 * 4 * 4)  // room for ten (1, 4) entries
        for i in 0..<10 { cache.insert(Tensor.full([1, 4], Float(i)), for: "p\(i)") }
        #expect(cache.count == 10 && cache.bytes == 160)
        _ = cache.states(for: "p0")  // now the most recent
        cache.insert(Tensor.full([1, 4], 10), for: "p10")
        // Over capacity: down to 3/4, oldest first.
        #expect(cache.bytes <= 120)
        #expect(cache.states(for: "p0")?.toArray() == [0, 0, 0, 0])
        #expect(cache.states(for: "p10") != nil)
        #expect(cache.states(for: "p1") == nil && cache.states(for: "p2") == nil)
    }
}
