import Testing
import Studio

@Suite struct PlotTests {
    @Test func aRisingLineGoesFromBottomLeftToTopRight() {
        var g = Grid(width: 10, height: 4)
        let pts = (0..<50).map { (x: Double($0), y: Double($0)) }
        let range = Plot.lines([(pts, .raw)], in: Rect(x: 0, y: 0, width: 10, height: 4), grid: &g, glyphs: .braille, log: false)
        #expect(range == 0...49)
        #expect(g[0, 3].char != " " && g[9, 0].char != " " && g[0, 0].char == " " && g[9, 3].char == " ")
        // Braille: bottom-left dot of the first cell is dot 7 (0x40).
        #expect(g[0, 3].char.unicodeScalars.first!.value & 0x40 != 0)
    }

    @Test func barsAreExactInEighths() {
        #expect(Plot.bar(0.5, width: 4, glyphs: .block) == "██")
        #expect(Plot.bar(1.0 / 32, width: 4, glyphs: .block) == "▏")
        #expect(Plot.bar(2, width: 3, glyphs: .ascii) == "###")
        #expect(Plot.bar(.nan, width: 3, glyphs: .braille) == "")
    }

    @Test func smoothingFollowsTheSeries() {
        let s = Plot.smoothed([1, 1, 1, 0], weight: 0.5)
        #expect(s == [1, 1, 1, 0.5])
    }

    @Test func logScaleSpansDecades() {
        var g = Grid(width: 5, height: 3)
        let r = Plot.lines([([(0, 0.01), (1, 1)], .raw)], in: Rect(x: 0, y: 0, width: 5, height: 3), grid: &g, glyphs: .ascii, log: true)
        #expect(r == -2...0)
    }
}
