//go:build race

package extract

// raceBuild is true in a binary built with the race detector.
const raceBuild = true
