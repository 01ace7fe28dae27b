using System.Collections;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;
using Kappa.TestSupport;

namespace Kappa.Protocol.Tests.Support;

/// <summary>
/// Bridges the JSON message objects of the golden vectors and our protobuf types through the
/// protobuf descriptors: build a message with exactly the given fields set, and compare a
/// decoded message with the JS decoder's output (null = absent, {"hex"} = bytes).
/// </summary>
internal static class JsonMessages
{
    public static MessageDescriptor Descriptor(MessageType type) => type switch
    {
        MessageType.Open => Open.Descriptor,
        MessageType.Options => Options.Descriptor,
        MessageType.Status => Status.Descriptor,
        MessageType.Have => Have.Descriptor,
        MessageType.Unhave => Unhave.Descriptor,
        MessageType.Want => Want.Descriptor,
        MessageType.Unwant => Unwant.Descriptor,
        MessageType.Request => Request.Descriptor,
        MessageType.Cancel => Cancel.Descriptor,
        MessageType.Data => Data.Descriptor,
        MessageType.Close => Close.Descriptor,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>A message with exactly the fields of <paramref name="fields"/> set (optionally only <paramref name="only"/>); null values stay unset.</summary>
    public static IMessage Build(MessageDescriptor descriptor, JsonElement fields, ISet<string>? only = null)
    {
        var message = descriptor.Parser.ParseFrom(ByteString.Empty);
        foreach (var property in fields.EnumerateObject())
        {
            if (only is not null && !only.Contains(property.Name)) continue;
            if (property.Value.ValueKind == JsonValueKind.Null) continue;
            var field = Field(descriptor, property.Name);
            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                foreach (var item in property.Value.EnumerateArray()) list.Add(Value(field, item));
            }
            else
            {
                field.Accessor.SetValue(message, Value(field, property.Value));
            }
        }
        return message;
    }

    /// <summary>Asserts that every field named in <paramref name="expected"/> reads as the JS decoder read it.</summary>
    public static void AssertDecoded(JsonElement expected, IMessage actual)
    {
        foreach (var property in expected.EnumerateObject())
        {
            var field = Field(actual.Descriptor, property.Name);
            var value = property.Value;
            if (field.IsRepeated)
            {
                var list = ((IList)field.Accessor.GetValue(actual)).Cast<object>().ToArray();
                var items = value.EnumerateArray().ToArray();
                Assert.True(items.Length == list.Length, $"{property.Name}: {items.Length} items expected, {list.Length} decoded");
                for (var i = 0; i < items.Length; i++) AssertValue(field, items[i], list[i]);
            }
            else if (value.ValueKind == JsonValueKind.Null)
            {
                Assert.False(field.Accessor.HasValue(actual), $"{property.Name} should be absent");
            }
            else
            {
                if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("hex", out _))
                    Assert.True(field.Accessor.HasValue(actual), $"{property.Name} should be present");
                AssertValue(field, value, field.Accessor.GetValue(actual));
            }
        }
    }

    private static void AssertValue(FieldDescriptor field, JsonElement expected, object actual)
    {
        switch (field.FieldType)
        {
            case FieldType.UInt64:
                Assert.True(expected.GetUInt64() == (ulong)actual, $"{field.Name}: expected {expected}, got {actual}");
                break;
            case FieldType.Bool:
                Assert.True(expected.GetBoolean() == (bool)actual, $"{field.Name}: expected {expected}, got {actual}");
                break;
            case FieldType.String:
                Assert.Equal(expected.GetString(), (string)actual);
                break;
            case FieldType.Bytes:
                Assert.Equal(expected.Str("hex"), Convert.ToHexStringLower(((ByteString)actual).Span));
                break;
            case FieldType.Message:
                AssertDecoded(expected, (IMessage)actual);
                break;
            default:
                throw new NotSupportedException(field.FieldType.ToString());
        }
    }

    private static object Value(FieldDescriptor field, JsonElement value) => field.FieldType switch
    {
        FieldType.UInt64 => value.GetUInt64(),
        FieldType.Bool => value.GetBoolean(),
        FieldType.String => value.GetString()!,
        FieldType.Bytes => ByteString.CopyFrom(Convert.FromHexString(value.Str("hex"))),
        FieldType.Message => Build(field.MessageType, value),
        _ => throw new NotSupportedException(field.FieldType.ToString()),
    };

    private static FieldDescriptor Field(MessageDescriptor descriptor, string jsonName) =>
        descriptor.Fields.InDeclarationOrder().SingleOrDefault(f => f.JsonName == jsonName)
        ?? throw new InvalidOperationException($"{descriptor.Name} has no field {jsonName}");
}
