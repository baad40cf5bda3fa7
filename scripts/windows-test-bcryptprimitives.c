/*
 * For the Wine checks only; never shipped. Go's Windows runtime needs
 * ProcessPrng from bcryptprimitives.dll, present on every Windows 10/11
 * but missing from Debian 12's Wine 8. This stand-in serves the same
 * random bytes through RtlGenRandom (SystemFunction036), which Wine has.
 * Built by scripts/windows-wine-check.sh into the Wine prefix's system32.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
