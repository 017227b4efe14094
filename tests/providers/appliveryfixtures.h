#pragma once

#include <QByteArray>

// Documented response examples, kept out of the moc-scanned test file (moc misreads some raw strings).
namespace AppliveryFixtures {
QByteArray truncatedList();
} // namespace AppliveryFixtures
