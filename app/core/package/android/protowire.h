#pragma once

// A small reader for the protobuf wire format (no schema, no generated code): walks the fields of one
// message. Used for the AAB's protobuf manifest (aapt2 Resources.proto XmlNode), resources.pb and
// BundleConfig.pb. Every length is checked against the buffer; malformed input stops the walk with error().

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Slipway::Android {

class ProtoReader
{
public:
    enum WireType
    {
        Varint = 0,
        Fixed64 = 1,
        LengthDelimited = 2,
        Fixed32 = 5
    };

    explicit ProtoReader(QByteArrayView data)
        : m_data(data)
    { }

    // Moves to the next field; false at the end of the message or on malformed input (see error()).
    bool next();
    bool error() const { return m_error; }

    quint32 field() const { return m_field; }
    int wireType() const { return m_wireType; }
    // The value of the current field; each accessor gives 0/empty for another wire type.
    quint64 varint() const { return m_wireType == Varint ? m_varint : 0; }
    quint32 fixed32() const { return m_wireType == Fixed32 ? quint32(m_varint) : 0; }
    quint64 fixed64() const { return m_wireType == Fixed64 ? m_varint : 0; }
    QByteArrayView bytes() const { return m_wireType == LengthDelimited ? m_bytes : QByteArrayView(); }
    QString string() const { return QString::fromUtf8(bytes()); }
    // Offset of the current length-delimited payload inside the message buffer.
    qsizetype bytesOffset() const { return m_bytesOffset; }

private:
    bool readVarint(quint64& out);

    QByteArrayView m_data;
    qsizetype m_pos = 0;
    bool m_error = false;
    quint32 m_field = 0;
    int m_wireType = 0;
    quint64 m_varint = 0;
    QByteArrayView m_bytes;
    qsizetype m_bytesOffset = 0;
};

// The first varint / string / message of `field` in a message (protobuf's "last one wins" does not matter
// for the fields read here).
quint64 protoVarint(QByteArrayView message, quint32 field, quint64 fallback = 0);
QString protoString(QByteArrayView message, quint32 field);
QByteArrayView protoMessage(QByteArrayView message, quint32 field);

} // namespace Slipway::Android
