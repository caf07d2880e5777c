package extract

func readHTML(data []byte) (string, string, []string, error) {
	return "", "", nil, ErrUnsupportedFormat
}
