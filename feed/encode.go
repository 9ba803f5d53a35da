package feed

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/npsboard/npsboard/model"
)

// TimeLayout is how responses are written: RFC 3339 in UTC with milliseconds. Every instant
// npsboard accepts (model.InRange) is written so with a four-digit year, and read back the same.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// AppendJSON appends r as one JSON object in the canonical field names, without a newline.
// Empty optional fields are left out. Extra members (name, value pairs of strings) follow.
func AppendJSON(b []byte, r *model.Response, extra ...string) []byte {
	return appendMembers(append(b, '{'), r, extra...)
}

// AppendJSONSeq appends r as AppendJSON does, led by its sequence number and the instant it
// was received, as a relay's journal and stream carry it.
func AppendJSONSeq(b []byte, seq int64, recv time.Time, r *model.Response) []byte {
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, `,"recv":"`...)
	b = recv.UTC().AppendFormat(b, TimeLayout)
	b = append(b, `",`...)
	return appendMembers(b, r)
}

// appendMembers appends r's members and the closing brace.
func appendMembers(b []byte, r *model.Response, extra ...string) []byte {
	b = append(b, `"id":`...)
	b = AppendString(b, r.ID)
	b = append(b, `,"ts":"`...)
	b = r.Time.UTC().AppendFormat(b, TimeLayout)
	b = append(b, `","score":`...)
	b = strconv.AppendInt(b, int64(r.Score), 10)
	b = append(b, `,"queue":`...)
	b = AppendString(b, r.Queue)
	for _, f := range [...]struct{ name, v string }{
		{"agent", r.Agent}, {"team", r.Team}, {"channel", r.Channel}, {"customer", r.Customer}, {"segment", r.Segment}, {"site", r.Site}, {"comment", r.Comment},
	} {
		if f.v != "" {
			b = append(b, `,"`...)
			b = append(b, f.name...)
			b = append(b, `":`...)
			b = AppendString(b, f.v)
		}
	}
	if r.CSAT != 0 {
		b = append(b, `,"csat":`...)
		b = strconv.AppendInt(b, int64(r.CSAT), 10)
	}
	if r.CES != 0 {
		b = append(b, `,"ces":`...)
		b = strconv.AppendInt(b, int64(r.CES), 10)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		b = append(b, ',')
		b = AppendString(b, extra[i])
		b = append(b, ':')
		b = AppendString(b, extra[i+1])
	}
	return append(b, '}')
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD, as encoding/json does.
func AppendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\ufffd"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
