import Foundation

/// In-place iterative radix-2 FFT (decimation in time), enough for spectral peak picking.
enum FastFourierTransform {
    /// Transforms `real` + i·`imaginary` in place; both must have the same power-of-two length.
    static func transform(real: inout [Double], imaginary: inout [Double]) {
        let count = real.count
        guard count > 1, count & (count - 1) == 0, imaginary.count == count else { return }
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                reorderBitReversed(re, im)
                var half = 1
                while half < count {
                    let step = -Double.pi / Double(half)
                    for offset in 0..<half {
                        let angle = step * Double(offset)
                        let twiddleRe = cos(angle), twiddleIm = sin(angle)
                        var index = offset
                        while index < count {
                            let partner = index + half
                            let productRe = re[partner] * twiddleRe - im[partner] * twiddleIm
                            let productIm = re[partner] * twiddleIm + im[partner] * twiddleRe
                            re[partner] = re[index] - productRe
                            im[partner] = im[index] - productIm
                            re[index] += productRe
                            im[index] += productIm
                            index += 2 * half
                        }
                    }
                    half *= 2
                }
            }
        }
    }

    private static func reorderBitReversed(_ re: UnsafeMutableBufferPointer<Double>,
                                           _ im: UnsafeMutableBufferPointer<Double>) {
        let count = re.count
        var reversed = 0
        for index in 1..<count {
            var bit = count >> 1
            while reversed & bit != 0 {
                reversed ^= bit
                bit >>= 1
            }
            reversed |= bit
            if index < reversed {
                re.swapAt(index, reversed)
                im.swapAt(index, reversed)
            }
        }
    }
}
