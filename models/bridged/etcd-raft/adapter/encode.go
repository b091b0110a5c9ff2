package main

// The hot answers (init, recover, step: an effects value) written by hand instead of through
// encoding/json's reflection, which was about 40% of the adapter's CPU. The bytes are exactly
// json.Marshal's (same field order, omitempty, null for a nil slice, base64 for bytes, the same
// escaping): LEADERCHECK_ETCD_CHECK_ENCODING=1 encodes every answer both ways and answers an
// error where they differ (test/etcdAdapter.test.ts runs a check with it).

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
)

var checkEncoding = os.Getenv("LEADERCHECK_ETCD_CHECK_ENCODING") == "1"

// handEncoded counts answers written by appendEffects; the check mode prints it on stderr when
// stdin closes, so a test sees the fast path taken.
var handEncoded uint64

// encodeAnswer is json.Marshal for every answer, appendEffects for effects.
func encodeAnswer(body interface{}) ([]byte, error) {
	e, ok := body.(effects)
	if !ok {
		return json.Marshal(body)
	}
	handEncoded++
	b := appendEffects(make([]byte, 0, 256+len(e.Stored)), &e)
	if checkEncoding {
		want, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(b, want) {
			return nil, fmt.Errorf("hand encoding differs from encoding/json (answer %d): %s vs %s", handEncoded, b, want)
		}
	}
	return b, nil
}

func appendEffects(b []byte, e *effects) []byte {
	b = append(b, `{"ok":`...)
	b = strconv.AppendBool(b, e.OK)
	b = append(b, `,"send":`...)
	if e.Send == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range e.Send {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"to":`...)
			b = strconv.AppendUint(b, e.Send[i].To, 10)
			b = append(b, `,"msg":`...)
			b = appendMessage(b, &e.Send[i].Msg)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"timers":`...)
	if e.Timers == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, t := range e.Timers {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendString(b, t.Name)
			b = append(b, `,"after":`...)
			b = strconv.AppendInt(b, int64(t.After), 10)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"marks":`...)
	b = appendStrings(b, e.Marks)
	b = append(b, `,"stored":`...)
	if e.Stored == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, e.Stored...) // already compact: it was written by json.Marshal
	}
	b = append(b, `,"view":{"role":`...)
	b = appendString(b, e.View.Role)
	b = append(b, `,"term":`...)
	b = strconv.AppendUint(b, e.View.Term, 10)
	b = append(b, `,"leader":`...)
	if e.View.Leader == nil {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendUint(b, *e.View.Leader, 10)
	}
	return append(b, "}}"...)
}

func appendMessage(b []byte, m *wireMessage) []byte {
	b = append(b, `{"type":`...)
	b = appendString(b, m.Type)
	b = append(b, `,"term":`...)
	b = strconv.AppendUint(b, m.Term, 10)
	b = appendUintField(b, `,"logTerm":`, m.LogTerm)
	b = appendUintField(b, `,"index":`, m.Index)
	b = appendUintField(b, `,"commit":`, m.Commit)
	if m.Reject {
		b = append(b, `,"reject":true`...)
	}
	b = appendUintField(b, `,"rejectHint":`, m.RejectHint)
	if len(m.Entries) > 0 {
		b = append(b, `,"entries":[`...)
		for i := range m.Entries {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendEntry(b, &m.Entries[i])
		}
		b = append(b, ']')
	}
	b = appendBytesField(b, `,"context":`, m.Context)
	if m.Snapshot != nil {
		s := m.Snapshot
		b = append(b, `,"snapshot":{"index":`...)
		b = strconv.AppendUint(b, s.Index, 10)
		b = append(b, `,"term":`...)
		b = strconv.AppendUint(b, s.Term, 10)
		b = append(b, `,"voters":`...)
		if s.Voters == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for i, v := range s.Voters {
				if i > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendUint(b, v, 10)
			}
			b = append(b, ']')
		}
		b = appendBytesField(b, `,"data":`, s.Data)
		b = append(b, '}')
	}
	return append(b, '}')
}

func appendEntry(b []byte, e *wireEntry) []byte {
	b = append(b, `{"term":`...)
	b = strconv.AppendUint(b, e.Term, 10)
	b = append(b, `,"index":`...)
	b = strconv.AppendUint(b, e.Index, 10)
	if e.Type != "" {
		b = append(b, `,"type":`...)
		b = appendString(b, e.Type)
	}
	b = appendBytesField(b, `,"data":`, e.Data)
	return append(b, '}')
}

func appendUintField(b []byte, key string, v uint64) []byte {
	if v == 0 {
		return b
	}
	return strconv.AppendUint(append(b, key...), v, 10)
}

// appendBytesField is omitempty []byte: base64 (standard, padded), as encoding/json writes it.
func appendBytesField(b []byte, key string, v []byte) []byte {
	if len(v) == 0 {
		return b
	}
	b = append(append(b, key...), '"')
	n := len(b)
	b = append(b, make([]byte, base64.StdEncoding.EncodedLen(len(v)))...)
	base64.StdEncoding.Encode(b[n:], v)
	return append(b, '"')
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendString writes a plain identifier (etcd's type names, roles, marks) as it is; anything
// encoding/json would escape goes through encoding/json.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
