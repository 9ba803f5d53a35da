package feed

import "github.com/npsboard/npsboard/model"

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
	for i := range b.Responses {
		r := &b.Responses[i]
		if !b.Unkeyed && in.seen.Add(r.ID, r.Time) {
			in.Counts.Duplicates++
			continue
		}
		in.Counts.Accepted++
		accept(r)
	}
	return nil
}
