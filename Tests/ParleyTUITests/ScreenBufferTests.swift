import Testing
@testable import ParleyTUI

@Suite("Screen buffer")
struct ScreenBufferTests {
    @Test("A wide cluster takes its cell and a continuation; overwriting half of it blanks the other half")
    func wideClusters() {
        var buffer = ScreenBuffer(size: TerminalSize(rows: 1, columns: 6))
        #expect(buffer.put(DisplayCluster(text: "山", width: 2), row: 0, column: 1, style: .normal) == true)
        #expect(buffer.line(0) == " 山   ")
        #expect(buffer.isWellFormed)
        // Write over the continuation: the lead must not survive as half a character.
        #expect(buffer.put(DisplayCluster(text: "x", width: 1), row: 0, column: 2, style: .normal) == true)
        #expect(buffer.line(0) == "  x   ")
        #expect(buffer.isWellFormed)
        #expect(buffer.put(DisplayCluster(text: "田", width: 2), row: 0, column: 2, style: .normal) == true)
        #expect(buffer.put(DisplayCluster(text: "y", width: 1), row: 0, column: 2, style: .normal) == true)
        #expect(buffer.line(0) == "  y   ")
        #expect(buffer.isWellFormed)
    }

    @Test("Nothing is written outside the buffer or across its right edge")
    func bounds() {
        var buffer = ScreenBuffer(size: TerminalSize(rows: 1, columns: 3))
        #expect(buffer.put(DisplayCluster(text: "山", width: 2), row: 0, column: 2, style: .normal) == false)
        #expect(buffer.put(DisplayCluster(text: "a", width: 1), row: 1, column: 0, style: .normal) == false)
        #expect(buffer.put(DisplayCluster(text: "a", width: 1), row: 0, column: -1, style: .normal) == false)
        #expect(buffer.line(0) == "   ")
    }
}
