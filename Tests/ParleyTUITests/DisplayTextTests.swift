import Testing
@testable import ParleyTUI

@Suite("Display width and truncation")
struct DisplayTextTests {
    @Test("CJK and emoji take two columns, combining marks none, as wcwidth says")
    func widths() {
        #expect(DisplayText.width("alice") == 5)
        #expect(DisplayText.width(Fixtures.cjkName) == 8)
        #expect(DisplayText.width("🎧") == 2)
        #expect(DisplayText.width("Zoë") == 3)
        // e + combining acute accent is one cluster of one column.
        #expect(DisplayText.width("e\u{301}") == 1)
        #expect(DisplayText.width("ｆｕｌｌ") == 8)
        #expect(DisplayText.width("한국어") == 6)
    }

    @Test("Controls from untrusted names never reach the terminal")
    func controlsAreReplaced() {
        let hostile = "bob\u{1B}]0;pwned\u{07}\n\t\u{9B}31m"
        let clusters = DisplayText.clusters(hostile)
        let text = clusters.map(\.text).joined()
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(text.hasPrefix("bob\u{FFFD}]0;pwned"))
        // Each control became one replacement of one column.
        #expect(DisplayText.width(clusters) == DisplayText.width("bob") + 1 + DisplayText.width("]0;pwned") + 4 + DisplayText.width("31m"))
    }

    @Test("Bidi overrides are dropped; a lone combining mark is dropped")
    func formatCharacters() {
        #expect(DisplayText.clusters("a\u{202E}b").map(\.text).joined() == "ab")
        #expect(DisplayText.clusters("\u{301}").isEmpty)
    }

    @Test("A narrow base keeps its text form: U+FE0F is dropped so widths agree with ncurses")
    func variationSelector() {
        let heart = DisplayText.clusters("❤\u{FE0F}")
        #expect(heart.count == 1)
        #expect(heart.first?.width == 1)
        #expect(heart.first?.text == "❤")
    }

    @Test("Truncation ends with an ellipsis and never exceeds the width, even mid-CJK")
    func truncation() {
        let clusters = DisplayText.clusters(Fixtures.cjkName)
        for width in 0...10 {
            let fitted = DisplayText.fit(clusters, width: width, ellipsis: DisplayCluster(text: "…", width: 1))
            #expect(DisplayText.width(fitted) <= width)
            if width < 8 && width > 0 { #expect(fitted.last?.text == "…") }
        }
        // 4 columns: one CJK character (2) + ellipsis (1); the next character would not fit.
        #expect(DisplayText.fit(clusters, width: 4, ellipsis: DisplayCluster(text: "…", width: 1)).map(\.text).joined() == "山…")
        #expect(DisplayText.fit(clusters, width: 8, ellipsis: DisplayCluster(text: "…", width: 1)).map(\.text).joined() == Fixtures.cjkName)
    }

    @Test("The tail of typed text stays visible")
    func tail() {
        let clusters = DisplayText.clusters("abcdefgh")
        #expect(DisplayText.fitTail(clusters, width: 4, ellipsis: DisplayCluster(text: "…", width: 1)).map(\.text).joined() == "…fgh")
    }

    @Test("ASCII mode turns everything else into question marks")
    func asciiMode() {
        #expect(DisplayText.clusters("Zoë 山", asciiOnly: true).map(\.text).joined() == "Zo? ?")
        #expect(DisplayText.clusters("↑↓ select", asciiOnly: true).map(\.text).joined() == "^v select")
    }

    @Test("Without a UTF-8 locale the built-in widths agree with wcwidth on common scripts")
    func fallbackWidths() {
        let samples: [Unicode.Scalar] = ["a", "Z", "ë", "山", "田", "会", "한", "ｆ", "\u{301}", "🎧", "😀", "é", "Ж", "א", "ا", "€", "ア"]
        for scalar in samples {
            #expect(DisplayWidth.approximateWidth(scalar) == DisplayWidth.of(scalar), "U+\(String(scalar.value, radix: 16))")
        }
    }
}
