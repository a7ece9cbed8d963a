import CNcursesw

/// Turns what `wget_wch` returned into a `KeyPress`.
enum KeyDecoder {
    /// `status` is OK for a character, KEY_CODE_YES for a function key; nil for keys Parley has
    /// no use for (mouse, unknown codes).
    static func decode(status: Int32, code: UInt32) -> KeyPress? {
        if status == parley_key_code_yes() {
            return functionKey(Int32(bitPattern: code))
        }
        guard status == parley_ok() else { return nil }
        switch code {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        case 0: return .control("@")
        case 1...26:
            guard let scalar = Unicode.Scalar(code + 96) else { return nil }
            return .control(Character(scalar))
        case 28: return .control("\\")
        case 29: return .control("]")
        case 30: return .control("^")
        case 31: return .control("_")
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            let character = Character(scalar)
            return character.isPrintableKey ? .character(character) : nil
        }
    }

    private static func functionKey(_ code: Int32) -> KeyPress? {
        switch code {
        case parley_key_up(): return .up
        case parley_key_down(): return .down
        case parley_key_left(): return .left
        case parley_key_right(): return .right
        case parley_key_home(): return .home
        case parley_key_end(): return .end
        case parley_key_ppage(): return .pageUp
        case parley_key_npage(): return .pageDown
        case parley_key_dc(): return .delete
        case parley_key_ic(): return .insert
        case parley_key_btab(): return .backTab
        case parley_key_enter(): return .enter
        case parley_key_backspace(): return .backspace
        case parley_key_resize(): return .resize
        case (parley_key_f0() + 1)...(parley_key_f0() + 63): return .function(Int(code - parley_key_f0()))
        default: return nil
        }
    }
}
