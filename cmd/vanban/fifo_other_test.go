//go:build !unix

package main

import "errors"

// mkfifo: Windows has no FIFOs at file paths.
func mkfifo(path string) error { return errors.New("no FIFOs here") }
