package feed

import (
	"slices"

	"github.com/npsboard/npsboard/model"
)

// Counts accounts for every record of a source: Records = Accepted + Duplicates + Rejected.
type Counts struct {
	Records    int64
	Accepted   int64
	Duplicates int64
	Rejected   int64
	ByReason   [numReasons]int64
}

// Intake is where decoded records become accepted responses: it drops duplicates by id,
// counts every record, and passes each reject on to be set aside.
type Intake struct {
	Counts Counts
	seen   *model.Dedup
	// OnReject, when set, receives each reject in order; an error stops the intake.
	OnReject func(*Reject) error
	hashes   []uint64 // of a batch whose source hashed none
}

// NewIntake makes an intake that checks duplicates against seen.
func NewIntake(seen *model.Dedup) *Intake { return &Intake{seen: seen} }

// Take accounts for a batch and calls accept with each response not seen before, in order.
func (in *Intake) Take(b *Batch, accept func(*model.Response)) error {
	in.Counts.Records += b.Records
	for i := range b.Rejects {
		rej := &b.Rejects[i]
		in.Counts.Rejected++
		in.Counts.ByReason[rej.Reason]++
		if in.OnReject != nil {
			if err := in.OnReject(rej); err != nil {
				return err
			}
		}
	}
	if b.Unkeyed {
		for i := range b.Responses {
			in.Counts.Accepted++
			accept(&b.Responses[i])
		}
		return nil
	}
	// Ids go by in groups, the slots of the next group loaded (Dedup.Touch) while this one is
	// checked: a large set is out of the caches, and one miss after another would be most of
	// what checking a million ids costs. The ids are hashed where they were decoded, when the
	// source did it.
	const group = 16
	rs := b.Responses
	hs := b.Hashes
	if len(hs) != len(rs) {
		in.hashes = slices.Grow(in.hashes[:0], len(rs))[:len(rs)]
		for i := range rs {
			in.hashes[i] = model.IDHash(rs[i].ID)
		}
		hs = in.hashes
	}
	in.seen.Touch(hs[:min(group, len(hs))])
	for base := 0; base < len(rs); base += group {
		end := min(base+group, len(rs))
		in.seen.Touch(hs[end:min(end+group, len(hs))])
		for i := base; i < end; i++ {
			if in.seen.AddHash(hs[i], rs[i].Time) {
				in.Counts.Duplicates++
				continue
			}
			in.Counts.Accepted++
			accept(&rs[i])
		}
	}
	return nil
}
