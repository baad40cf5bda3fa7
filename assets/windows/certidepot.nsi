; Certidépôt installer for Windows (64-bit, as the programs), built by
; scripts/package-windows.sh:
;   makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.1 -DSRCDIR=… -DOUTFILE=… -DICON=… certidepot.nsi
; It installs for the current user only, so that office staff without
; administrator rights can install it: %LOCALAPPDATA%\Programs\Certidépôt,
; a Start-menu entry, .certidepot files opening in the app, and an entry in
; Windows' list of installed applications. Uninstalling never touches the
; user's dossiers or %APPDATA%\Certidépôt.

Target amd64-unicode
ManifestDPIAware true
ManifestSupportedOS Win10
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define APP "Certidépôt"
!define EXE "Certidépôt.exe"
!define PROGID "Certidepot.Dossier"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Certidepot"
!define UNINSTEXE "Désinstaller Certidépôt.exe"

Name "${APP}"
Caption "Installation de ${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "Software\Certidepot" "InstallDir"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=1036 "ProductName" "${APP}"
VIAddVersionKey /LANG=1036 "FileDescription" "Installation de ${APP}"
VIAddVersionKey /LANG=1036 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "ProductVersion" "${VERSION}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "Cet assistant va installer ${APP} ${VERSION} pour votre compte Windows. Aucun droit d'administrateur n'est nécessaire.$\r$\n$\r$\n${APP} prépare et vérifie les dépôts des passages de certification à la Caisse des Dépôts. Il fonctionne hors ligne : vos données restent sur cet ordinateur.$\r$\n$\r$\nCliquez sur Suivant pour continuer."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Ouvrir ${APP}"
; The "show readme" box of the last page serves for the desktop shortcut.
!define MUI_FINISHPAGE_SHOWREADME ""
!define MUI_FINISHPAGE_SHOWREADME_TEXT "Créer un raccourci sur le Bureau"
!define MUI_FINISHPAGE_SHOWREADME_FUNCTION DesktopShortcut

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "French"

Function DesktopShortcut
	CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\${EXE}"
FunctionEnd

Section "${APP}"
	SetOutPath "$INSTDIR"
	File /r "${SRCDIR}\*.*"
	WriteUninstaller "$INSTDIR\${UNINSTEXE}"
	WriteRegStr HKCU "Software\Certidepot" "InstallDir" "$INSTDIR"

	CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 SW_SHOWNORMAL "" "Préparer et vérifier les dépôts CPF"

	; A double click on a .certidepot file opens it in the app.
	WriteRegStr HKCU "Software\Classes\.certidepot" "" "${PROGID}"
	WriteRegStr HKCU "Software\Classes\${PROGID}" "" "Dossier ${APP}"
	WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" '"$INSTDIR\${EXE}",0'
	WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
	System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

	; Settings > Applications.
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APP}"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" '"$INSTDIR\${EXE}",0'
	WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\${UNINSTEXE}"'
	WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTEXE}" /S'
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
	${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
	WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
	; Only what the installer put there: a dossier the user saved in this
	; folder by mistake stays.
	Delete "$INSTDIR\${EXE}"
	Delete "$INSTDIR\certidepot-cli.exe"
	Delete "$INSTDIR\LISEZMOI.txt"
	RMDir /r "$INSTDIR\licences"
	Delete "$INSTDIR\${UNINSTEXE}"
	RMDir "$INSTDIR"

	Delete "$SMPROGRAMS\${APP}.lnk"
	Delete "$DESKTOP\${APP}.lnk"

	ReadRegStr $0 HKCU "Software\Classes\.certidepot" ""
	StrCmp $0 "${PROGID}" 0 +2
		DeleteRegKey HKCU "Software\Classes\.certidepot"
	DeleteRegKey HKCU "Software\Classes\${PROGID}"
	System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

	DeleteRegKey HKCU "${UNINSTKEY}"
	DeleteRegKey HKCU "Software\Certidepot"
SectionEnd
