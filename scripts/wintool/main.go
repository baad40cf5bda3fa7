// Command wintool makes the Windows-specific pieces of the Windows package
// on any system: the resource object (icon, version information, manifest)
// linked into each .exe, and the .zip archive.
//
//	wintool syso -o rsrc_windows_amd64.syso -exe NAME.exe -description TEXT -version 0.1.0 -build 1 -icon icon.png
//	wintool ico -o icon.ico -icon icon.png
//	wintool zip -o OUT.zip -root FOLDER DIR
package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/josephspurrier/goversioninfo"
	"golang.org/x/image/draw"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: wintool syso|ico|zip …")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "syso":
		err = syso(os.Args[2:])
	case "ico":
		err = icoCmd(os.Args[2:])
	case "zip":
		err = zipCmd(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wintool:", err)
		os.Exit(1)
	}
}

// manifest asks for no elevation (Windows otherwise guesses from the file
// name), declares Windows 10/11 so that version checks are not lied to,
// and accepts paths longer than 260 characters where the system allows it.
const manifest = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="%s" version="%s" processorArchitecture="amd64"/>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application>
      <supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>
    </application>
  </compatibility>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security>
      <requestedPrivileges>
        <requestedExecutionLevel level="asInvoker" uiAccess="false"/>
      </requestedPrivileges>
    </security>
  </trustInfo>
  <application xmlns="urn:schemas-microsoft-com:asm.v3">
    <windowsSettings>
      <longPathAware xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">true</longPathAware>
    </windowsSettings>
  </application>
</assembly>
`

func syso(args []string) error {
	fl := flag.NewFlagSet("syso", flag.ExitOnError)
	out := fl.String("o", "", "output .syso file")
	exe := fl.String("exe", "", "file name of the program")
	id := fl.String("id", "fr.certidepot.app", "assembly name")
	product := fl.String("product", "Certidépôt", "product name")
	desc := fl.String("description", "", "file description (shown by Windows as the program's name)")
	version := fl.String("version", "", "version, as 1.2.3")
	build := fl.Int("build", 0, "build number")
	icon := fl.String("icon", "", "PNG icon")
	fl.Parse(args)
	if *out == "" || *exe == "" || *version == "" || *icon == "" {
		return fmt.Errorf("syso: -o, -exe, -version and -icon are required")
	}
	fv, err := fileVersion(*version, *build)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "wintool")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	icoPath := filepath.Join(tmp, "icon.ico")
	if err := writeICO(*icon, icoPath); err != nil {
		return err
	}
	manPath := filepath.Join(tmp, "app.manifest")
	if err := os.WriteFile(manPath, fmt.Appendf(nil, manifest, *id, fv.GetVersionString()), 0o644); err != nil {
		return err
	}
	vi := &goversioninfo.VersionInfo{IconPath: icoPath, ManifestPath: manPath}
	vi.FixedFileInfo.FileVersion = fv
	vi.FixedFileInfo.ProductVersion = fv
	vi.StringFileInfo = goversioninfo.StringFileInfo{
		ProductName:      *product,
		FileDescription:  *desc,
		FileVersion:      fv.GetVersionString(),
		ProductVersion:   fv.GetVersionString(),
		InternalName:     strings.TrimSuffix(*exe, ".exe"),
		OriginalFilename: *exe,
	}
	// French (France), Unicode strings.
	vi.VarFileInfo.Translation = goversioninfo.Translation{LangID: 0x040C, CharsetID: 0x04B0}
	vi.Build()
	vi.Walk()
	return vi.WriteSyso(*out, "amd64")
}

func fileVersion(v string, build int) (goversioninfo.FileVersion, error) {
	var fv goversioninfo.FileVersion
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return fv, fmt.Errorf("version %q is not of the form 1.2.3", v)
	}
	nums := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 65535 {
			return fv, fmt.Errorf("version %q is not of the form 1.2.3", v)
		}
		nums[i] = n
	}
	return goversioninfo.FileVersion{Major: nums[0], Minor: nums[1], Patch: nums[2], Build: build}, nil
}

func icoCmd(args []string) error {
	fl := flag.NewFlagSet("ico", flag.ExitOnError)
	out := fl.String("o", "", "output .ico file")
	icon := fl.String("icon", "", "PNG icon")
	fl.Parse(args)
	if *out == "" || *icon == "" {
		return fmt.Errorf("ico: -o and -icon are required")
	}
	return writeICO(*icon, *out)
}

// writeICO writes an icon with the sizes Windows asks for (title bar,
// taskbar, Explorer views), each drawn from the large PNG rather than
// left to Windows' own, blurrier, scaling.
func writeICO(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	sizes := []int{16, 20, 24, 32, 40, 48, 64, 128, 256}
	var blobs [][]byte
	for _, s := range sizes {
		dst := image.NewNRGBA(image.Rect(0, 0, s, s))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
		var b bytes.Buffer
		if err := png.Encode(&b, dst); err != nil {
			return err
		}
		blobs = append(blobs, b.Bytes())
	}
	var out bytes.Buffer
	le := binary.LittleEndian
	out.Write(le.AppendUint16(nil, 0))
	out.Write(le.AppendUint16(nil, 1)) // icon
	out.Write(le.AppendUint16(nil, uint16(len(sizes))))
	offset := 6 + 16*len(sizes)
	for i, s := range sizes {
		dim := byte(s)
		if s == 256 {
			dim = 0 // 0 means 256
		}
		out.Write([]byte{dim, dim, 0, 0})
		out.Write(le.AppendUint16(nil, 1))  // planes
		out.Write(le.AppendUint16(nil, 32)) // bits per pixel
		out.Write(le.AppendUint32(nil, uint32(len(blobs[i]))))
		out.Write(le.AppendUint32(nil, uint32(offset)))
		offset += len(blobs[i])
	}
	for _, b := range blobs {
		out.Write(b)
	}
	return os.WriteFile(dst, out.Bytes(), 0o644)
}

// zipCmd archives DIR under the folder name root. Names are stored as
// UTF-8 with the flag that says so (Go's archive/zip sets it for
// non-ASCII names), so Windows' own "Extract all" shows the accents; a
// fixed date and sorted entries make the archive reproducible.
func zipCmd(args []string) error {
	fl := flag.NewFlagSet("zip", flag.ExitOnError)
	out := fl.String("o", "", "output .zip file")
	root := fl.String("root", "", "folder name inside the archive")
	date := fl.String("date", "2026-01-01", "date given to every entry (AAAA-MM-JJ)")
	fl.Parse(args)
	if *out == "" || fl.NArg() != 1 {
		return fmt.Errorf("zip: -o and one directory are required")
	}
	when, err := time.Parse("2006-01-02", *date)
	if err != nil {
		return err
	}
	dir := fl.Arg(0)
	var files []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	for _, p := range files {
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if *root != "" {
			name = *root + "/" + name
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: when})
		if err != nil {
			return err
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, in)
		in.Close()
		if err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
