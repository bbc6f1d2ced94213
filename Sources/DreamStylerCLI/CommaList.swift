import ArgumentParser
import Foundation

/// An option's comma-separated value (`--methods dreamstyler,dreambooth`), each item read as
/// `Element`: a bad item refuses the whole value with the list of good ones.
struct CommaList<Element: ExpressibleByArgument>: ExpressibleByArgument {
    var items: [Element]

    init(_ items: [Element]) { self.items = items }

    init?(argument: String) {
        var items: [Element] = []
        for part in argument.split(separator: ",") {
            guard let item = Element(argument: part.trimmingCharacters(in: .whitespaces)) else { return nil }
            items.append(item)
        }
        guard !items.isEmpty else { return nil }
        self.items = items
    }

    var defaultValueDescription: String { items.map(\.defaultValueDescription).joined(separator: ",") }

    static var allValueStrings: [String] { Element.allValueStrings }
}
