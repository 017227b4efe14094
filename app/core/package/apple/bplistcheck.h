#pragma once

#include <QByteArray>
#include <common/result.h>

namespace Slipway::Plist {

// Limits a binary property list must stay within before libplist may build it. libplist 2.2 builds the whole tree
// first (recursively, copying every shared reference), so a small hostile file can crash it (100,000 nested
// arrays) or make it allocate without end (a 40-level DAG whose arrays each reference the next twice: 2^40 nodes
// from 42 KB). BinaryLimits bound what the tree will be, counted the way libplist expands it.
struct BinaryLimits
{
    int maxDepth = 64; // containers inside containers
    quint64 maxExpandedNodes = 250000; // values in the tree libplist would build, shared references counted each time
    quint64 maxReferencesPerObject = 1000000; // entries of one array or dictionary
};

// Walks a "bplist00" document without recursion: the trailer, the offset table, every object reachable from the
// top with its markers, lengths and references, and the expanded tree size. Ok when libplist can safely build it;
// otherwise an error sentence (without the file's name) saying what is wrong: "the object table points outside
// the file", "nested deeper than 64 levels", "it expands to more than 250000 values", "a dictionary key contains
// a NUL character".
Status checkBinary(const QByteArray& data, const BinaryLimits& limits = {});

} // namespace Slipway::Plist
