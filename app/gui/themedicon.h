#pragma once

#include <QIcon>
#include <QString>

namespace Slipway::Gui {

// The toolbar's icons: monochrome SVGs from resources/icons/ (drawn in black), painted in the palette's button
// text colour at paint time, so they follow a light or dark palette (and its disabled colour) without a second
// icon set.
namespace ThemedIcon {

// `name` is the file name without ".svg" under :/icons/.
QIcon fromResource(const QString& name);

} // namespace ThemedIcon

} // namespace Slipway::Gui
