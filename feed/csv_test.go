package feed

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

// readCSV runs ReadCSV over text and returns the accepted responses and the rejects.
func readCSV(t *testing.T, text string, dec *Decoder, o CSVOptions) ([]model.Response, []Reject, Counts, error) {
	t.Helper()
	var rs []model.Response
	var rejects []Reject
	in := NewIntake(model.NewDedup())
	in.OnReject = func(r *Reject) error { rejects = append(rejects, *r); return nil }
	err := ReadCSV(context.Background(), strings.NewReader(text), dec, o, func(b *Batch) error {
		return in.Take(b, func(r *model.Response) { rs = append(rs, *r) })
	})
	c := in.Counts
	if c.Records != c.Accepted+c.Duplicates+c.Rejected {
		t.Errorf("records %d ≠ %d + %d + %d", c.Records, c.Accepted, c.Duplicates, c.Rejected)
	}
	return rs, rejects, c, err
}

func TestCSVWithCanonicalColumns(t *testing.T) {
	text := "\uFEFFid,ts,score,queue,agent,comment\r\n" +
		"1,2026-11-24T10:00:00Z,9,Billing,Ana,\"Great, \"\"really\"\"\"\r\n" + // line 2
		"2,2026-11-24T10:01:00Z,3,Billing,,\"two\r\nlines\"\r\n" + // lines 3-4
		"\r\n" + // line 5: blank
		"3,2026-11-24T10:02:00Z,7,Sales\r\n" + // line 6: a field short
		"4,2026-11-24T10:03:00Z,x\"y,Sales,Bo,\r\n" + // line 7: a bare quote
		"1,2026-11-24T10:00:00Z,9,Billing,Ana,again\r\n" + // line 8: a duplicate
		"5,2026-11-24T10:04:00Z,,Sales,Bo,\r\n" + // line 9: an empty score is a missing one
		"6,2026-11-24T10:05:00Z,10,Sales,Bo,\"never closed" // line 10: unterminated at the end
	rs, rejects, c, err := readCSV(t, text, &Decoder{}, CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Comment != `Great, "really"` || rs[1].Comment != "two\nlines" || rs[1].Agent != "" {
		t.Fatalf("responses %+v", rs)
	}
	var got []string
	for _, r := range rejects {
		got = append(got, fmt.Sprintf("%d:%v", r.Line, r.Reason))
	}
	if want := "[6:bad_row 7:bad_row 9:missing_field 10:bad_row]"; fmt.Sprint(got) != want {
		t.Errorf("rejects %v, want %s", got, want)
	}
	if c.Duplicates != 1 || c.Records != 7 {
		t.Errorf("counts %+v", c)
	}
	if rejects[0].Raw != "3,2026-11-24T10:02:00Z,7,Sales" || !strings.Contains(rejects[0].Detail, "4 fields where the header has 6") {
		t.Errorf("reject %+v", rejects[0])
	}
}

func TestCSVMappedWithoutIDs(t *testing.T) {
	m, err := NewMapping(map[string]string{"ts": "When", "score": "NPS", "queue": "Stage", "comment": "text"},
		"02/01/2006 15:04", mustZone(t, "Europe/London"))
	if err != nil {
		t.Fatal(err)
	}
	text := "When,Stage,NPS,text\n" +
		"11/04/2018 20:09,Order,7,fine\n" +
		"11/04/2018 20:09,Order,7,fine\n" + // the same words twice: without ids, two responses
		"31/02/2018 10:00,Order,7,no such day\n" +
		"01/05/2018 20:23,First Payment,-2147483648,\n"
	rs, rejects, c, err := readCSV(t, text, &Decoder{Mapping: m, Source: "telecom.csv"}, CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].ID != "telecom.csv:2" || rs[1].ID != "telecom.csv:3" || c.Duplicates != 0 {
		t.Fatalf("responses %+v, counts %+v", rs, c)
	}
	if want := time.Date(2018, 4, 11, 19, 9, 0, 0, time.UTC); !rs[0].Time.Equal(want) { // BST is UTC+1
		t.Errorf("time %v, want %v", rs[0].Time.UTC(), want)
	}
	if len(rejects) != 2 || rejects[0].Reason != BadTime || rejects[1].Reason != BadScore {
		t.Errorf("rejects %+v", rejects)
	}
}

func TestCSVHeaderProblemsAreErrors(t *testing.T) {
	for name, c := range map[string]struct {
		names map[string]string
		text  string
		want  string
	}{
		"no score column":             {nil, "id,ts,queue\n", `no column "score" for score`},
		"a mapped id that is missing": {map[string]string{"id": "ResponseId"}, "ts,score,queue\n", `no column "ResponseId" for id`},
		"an unterminated header":      {nil, "id,\"ts\n", "CSV header"},
	} {
		t.Run(name, func(t *testing.T) {
			dec := &Decoder{}
			if c.names != nil {
				dec.Mapping, _ = NewMapping(c.names, "", nil)
			}
			_, _, _, err := readCSV(t, c.text, dec, CSVOptions{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %v, want %q", err, c.want)
			}
		})
	}
}

func TestCSVSkipsRowsAndUsesAnotherSeparator(t *testing.T) {
	text := "id;ts;score;queue\n\"Response ID\";\"Start\";\"How likely\";\"Queue\"\n{\"ImportId\":\"x\"};;;\n1;2026-11-24T10:00:00Z;10;Q\n"
	rs, rejects, c, err := readCSV(t, text, &Decoder{}, CSVOptions{Comma: ';', SkipRows: 2})
	if err != nil || len(rs) != 1 || len(rejects) != 0 || c.Records != 1 {
		t.Fatalf("%v: %+v %+v %+v", err, rs, rejects, c)
	}
}

// An unterminated quote swallowing the file is cut at 1 MiB, and the rows after it are read.
func TestATooLongCSVRecordIsSetAsideAndReadingResumes(t *testing.T) {
	text := "id,ts,score,queue,comment\n" +
		"1,2026-11-24T10:00:00Z,9,Q,\"opens" + strings.Repeat("x", MaxLine) + "\n" +
		"2,2026-11-24T10:01:00Z,3,Q,fine\n"
	rs, rejects, _, err := readCSV(t, text, &Decoder{}, CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].ID != "2" || len(rejects) != 1 || rejects[0].Reason != TooLong ||
		rejects[0].Line != 2 || len(rejects[0].Raw) > RawLimit || rejects[0].Size < MaxLine {
		t.Fatalf("responses %+v, rejects %+v", rs, rejects)
	}
}

// Whatever stream encoding/csv reads without error, the record reader and parseCSVRecord
// read into the same records and fields.
func FuzzCSVRecords(f *testing.F) {
	for _, s := range []string{"a,b,c\n1,2,3", `"a,b",c`, `"a""b",c`, "a,\"b\nc\",d\n\ne,f", "\n0", ",,\n", `""`, "x\n\n\ny\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\r") {
			return // encoding/csv drops carriage returns in places; our records keep them to the parser
		}
		r := csv.NewReader(strings.NewReader(s))
		r.FieldsPerRecord = -1
		want, err := r.ReadAll()
		if err != nil {
			return
		}
		rr := &recordReader{br: bufio.NewReader(strings.NewReader(s)), comma: ','}
		var got [][]string
		for {
			raw, _, long, err := rr.next()
			if err != nil {
				break
			}
			if raw == "" || long {
				continue
			}
			rec, err := parseCSVRecord(raw, ',')
			if err != nil {
				t.Fatalf("%q: record %q: %v, but encoding/csv reads %q", s, raw, err, want)
			}
			got = append(got, rec)
		}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("%q: got %q; encoding/csv reads %q", s, got, want)
		}
	})
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
