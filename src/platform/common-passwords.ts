// Passwords people choose most, of 8 characters or more and not digits only (those are refused
// anyway): the top of the CSDN, 12306 and other public leak lists, the keyboard walks, and the
// names of this project and its demo. Compared without case. An attacker tries these first, so a
// new password on this list is refused (NIST SP 800-63B §5.1.1.2).
const LIST = `
password password1 password12 password123 passw0rd p@ssw0rd p@ssword pass1234 pass12345
qwertyui qwertyuiop qwerty12 qwerty123 qwerty1234 qwer1234 qweasdzxc qweasd123 123qweasd 123qweasdzxc
1qaz2wsx 1qaz2wsx3edc 1q2w3e4r 1q2w3e4r5t q1w2e3r4 q1w2e3r4t5 zaq12wsx zaq1xsw2 qazwsxedc qazwsx123
asdfghjk asdfghjkl asdf1234 asd12345 asd123456 zxcvbnm1 zxcvbnm123 zxcvbnma 1234qwer 1234abcd
abc12345 abc123456 abcd1234 abcd12345 abcdefg1 abcdefgh a1234567 a12345678 a123456789 a1b2c3d4
aa123456 aaa12345 aaaaaaaa aaaaaaa1 aa112233 aabbccdd 123456aa 123456abc 123456qq 12345abc 1234567a
qq123456 qq1234567 qq12345678 qwe12345 qwe123456 woaini1314 woaini520 woaini521 woaini123 woaini12
5201314a a5201314 iloveyou iloveyou1 iloveyou2 iloveu12 nihao123 nihaoma1 woshishui wangyang
zhang123 li123456 wang1234 liu123456 chen1234 zhangwei xiaoming dearbook aptx4869 computer
internet sunshine princess football baseball superman michael1 jennifer welcome1 welcome123
shadow12 dragon12 monkey12 master12 letmein1 trustno1 admin123 admin888 admin1234 administrator
root1234 test1234 test12345 user1234 guest123 changeme changeme1 default1 12345678a 11111111a
weiyi123 weiyi2025 weiyi2026 weiyi2027 nanhu123 nanhu2026 weiyifang
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
