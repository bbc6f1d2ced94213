import Audio
import Foundation
import Testing

@Suite struct ReferenceEffectTests {
    static let rate = 22_050

    static func sine(_ hz: Float, seconds: Float = 1) -> [Float] {
        (0..<Int(seconds * Float(rate))).map { 0.1 * sinf(2 * .pi * hz * Float($0) / Float(rate)) }
    }

    static func decibels(_ x: [Float]) -> Float {
        10 * log10f(x.reduce(0) { $0 + $1 * $1 } / Float(x.count))
    }

    @Test func everyEffectKeepsLengthAndLoudnessAndChangesTheSound() {
        let x = zip(Self.sine(220), Self.sine(3000)).map { $0 + $1 }
        for e in ReferenceEffect.allCases {
            let y = e.apply(x, sampleRate: Self.rate, seed: 1)
            #expect(y.count == x.count && y.allSatisfy(\.isFinite), "\(e)")
            #expect(abs(Self.decibels(y) - Self.decibels(x)) < 2, "\(e): \(Self.decibels(y) - Self.decibels(x)) dB")
            let change = zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / x.map { $0 * $0 }.reduce(0, +)
            #expect(change > 1e-4, "\(e) leaves the sound as it was")
            #expect(e.apply(x, sampleRate: Self.rate, seed: 1) == y, "\(e) is not deterministic")
        }
    }

    @Test func theTiltsRaiseOneSideAgainstTheOther() {
        let low = Self.sine(100), high = Self.sine(8000)
        let skip = 2000  // past the filter's start
        func gain(_ e: ReferenceEffect, _ x: [Float]) -> Float {
            Self.decibels(Array(e.apply(x, sampleRate: Self.rate)[skip...])) - Self.decibels(Array(x[skip...]))
        }
        #expect(gain(.bright, high) - gain(.bright, low) > 2)
        #expect(gain(.dark, low) - gain(.dark, high) > 2)
    }

    @Test func noiseFollowsItsSeedAndSitsThirtyDecibelsDown() {
        let x = Self.sine(440)
        let a = ReferenceEffect.noise.apply(x, sampleRate: Self.rate, seed: 1)
        let b = ReferenceEffect.noise.apply(x, sampleRate: Self.rate, seed: 2)
        #expect(a != b)
        let added = zip(a, x).map { $0 - $1 }
        #expect(abs((Self.decibels(x) - Self.decibels(added)) - 30) < 0.5)
    }

    @Test func theRoomLeavesADecayingTail() {
        var impulse = [Float](repeating: 0, count: Self.rate)
        impulse[0] = 1
        let y = ReferenceEffect.room.apply(impulse, sampleRate: Self.rate)
        let early = Array(y[1000..<5000]), late = Array(y[12000..<16000])
        #expect(Self.decibels(early) - Self.decibels(late) > 10)
        #expect(late.contains { $0 != 0 })
    }
}
