import Testing
@testable import ParleyTUI

@Suite("Screen diff")
struct ScreenDiffTests {
    let size = TerminalSize(rows: 24, columns: 80)

    @Test("The same frame twice writes nothing; the first frame writes every cell")
    func identical() {
        let frame = ScreenLayout.render(Fixtures.roomState(), size: size)
        #expect(ScreenDiff.runs(from: frame, to: frame).isEmpty)
        let all = ScreenDiff.runs(from: nil, to: frame)
        #expect(all.reduce(0) { $0 + $1.width } == size.rows * size.columns)
    }

    @Test("Muting rewrites the badge and the hint, not the table")
    func mute() {
        let live = ScreenLayout.render(Fixtures.roomState(Fixtures.room(mic: .live)), size: size)
        let muted = ScreenLayout.render(Fixtures.roomState(Fixtures.room(mic: .muted)), size: size)
        let runs = ScreenDiff.runs(from: live, to: muted)
        #expect(Set(runs.map(\.row)) == [0, 23])
        #expect(runs.contains { $0.row == 0 && $0.text.contains("MUTED") })
    }

    @Test("Applying the runs to the old frame gives the new frame")
    func applying() {
        var model = Fixtures.room()
        let before = ScreenLayout.render(Fixtures.roomState(model), size: size)
        model.peers[1].name = "岡本"
        model.peers[0].levelDBFS = -3
        model.peers.swapAt(2, 3)
        let after = ScreenLayout.render(Fixtures.roomState(model), size: size)
        var replay = before
        for run in ScreenDiff.runs(from: before, to: after) {
            var column = run.column
            for character in run.text {
                let cluster = DisplayText.cluster(character, asciiOnly: false)!
                replay.put(cluster, row: run.row, column: column, style: run.style)
                column += cluster.width
            }
            #expect(column - run.column == run.width)
        }
        #expect(replay.lines == after.lines)
        #expect(replay.isWellFormed)
    }

    @Test("A new size redraws everything")
    func resize() {
        let small = ScreenLayout.render(Fixtures.roomState(), size: TerminalSize(rows: 10, columns: 40))
        let large = ScreenLayout.render(Fixtures.roomState(), size: size)
        #expect(ScreenDiff.runs(from: small, to: large).reduce(0) { $0 + $1.width } == size.rows * size.columns)
    }
}
