// Report wording for catalog 2024: the sentences of each row, the outline, the letterhead and the
// number rules, as data in the format of docs/catalog-format.md ("Lời văn báo cáo và đề cương").
// A province overrides any of the three tables with files of the same names (--report-dir).
export const wording2024 = {
  id: '2024',
  loiVan: `form	code	name	text	zero	codes	sep	rate	lead	same	compare	join
PL1	6	Cải cách tài chính công						Lũy kế đến thời điểm báo cáo:	
PL1	1.1	Kế hoạch CCHC	ban hành {v} kế hoạch CCHC						
PL1	1.1.1	Số nhiệm vụ đề ra trong kế hoạch	kế hoạch đề ra {v} nhiệm vụ						
PL1	1.1.2	Số nhiệm vụ đã hoàn thành	đã hoàn thành {v} nhiệm vụ			,			
PL1	1.1.3	Số văn bản chỉ đạo CCHC đã ban hành	ban hành {v} văn bản chỉ đạo, điều hành công tác CCHC						
PL1	1.2.1	Số phòng, ban, đơn vị thuộc và trực thuộc đã kiểm tra	đã kiểm tra {v} phòng, ban, đơn vị thuộc và trực thuộc						
PL1	1.2.2	Số UBND cấp xã đã kiểm tra	{v} UBND cấp xã			,			
PL1	1.2.3	Số vấn đề phát hiện qua kiểm tra	qua kiểm tra phát hiện {v} vấn đề						
PL1	1.2.4	Số vấn đề phát hiện đã xử lý xong	đã xử lý xong {v} vấn đề			,			
PL1	1.3.1	Tổng số nhiệm vụ được giao	được UBND tỉnh, Chủ tịch UBND tỉnh giao {v} nhiệm vụ						
PL1	1.3.2	Số nhiệm vụ đã hoàn thành đúng hạn	hoàn thành đúng hạn {v}						
PL1	1.3.3	Số nhiệm vụ đã hoàn thành nhưng quá hạn	hoàn thành nhưng quá hạn {v}	không có nhiệm vụ hoàn thành quá hạn					
PL1	1.4.1	Số lượng phiếu khảo sát	tổ chức khảo sát sự hài lòng của người dân, tổ chức với {v} phiếu						
PL1	1.4.2	Hình thức khảo sát	hình thức khảo sát: {v}						
PL1	1.5	Tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp			0 = chưa tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp | 1 = đã tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp				
PL1	2.1	Số VBQPPL đã ban hành/tham mưu ban hành	ban hành, tham mưu ban hành {v} VBQPPL	không có VBQPPL ban hành, tham mưu ban hành						{±} {d} văn bản ({p}%) so với {kỳ}
PL1	2.2	Số VBQPPL đã kiểm tra theo thẩm quyền	kiểm tra theo thẩm quyền {v} VBQPPL						
PL1	2.3	Số VBQPPL đã rà soát	rà soát {v} VBQPPL						
PL1	2.4	Số VBQPPL đã kiến nghị xử lý sau kiểm tra, rà soát	qua kiểm tra, rà soát đã kiến nghị xử lý {v} văn bản						
PL1	2.5	Số VBQPPL có kiến nghị xử lý đã được xử lý xong	đã xử lý xong {v} văn bản			,			
PL1	3.1	Thống kê TTHC	tổng số TTHC thuộc thẩm quyền giải quyết là {v} thủ tục						
PL1	3.1.1	Số TTHC công bố mới	trong kỳ công bố mới {v} thủ tục						
PL1	3.1.2	Số TTHC bãi bỏ, thay thế	bãi bỏ, thay thế {v} thủ tục						
PL1	3.3	Kết quả giải quyết TTHC	đã giải quyết {v} hồ sơ						
PL1	4.2.1	Tổng số biên chế được giao trong năm	tổng số biên chế được giao là {tổng} người ({v} biên chế công chức, {=4.3.1} người làm việc hưởng lương từ ngân sách nhà nước trong đơn vị sự nghiệp công lập)						
PL1	4.2.2	Tổng số biên chế có mặt tại thời điểm báo cáo	biên chế công chức có mặt tại thời điểm báo cáo là {v} người						
PL1	5.3.1	Thực hiện tuyển chọn, bổ nhiệm lãnh đạo qua thi tuyển			0 = chưa thực hiện tuyển chọn, bổ nhiệm lãnh đạo qua thi tuyển | 1 = đã thực hiện tuyển chọn, bổ nhiệm lãnh đạo qua thi tuyển				
PL1	5.4	Số liệu về xử lý kỷ luật cán bộ, công chức (cả về Đảng và chính quyền)	xử lý kỷ luật {v} cán bộ, công chức (cả về Đảng và chính quyền)	không có cán bộ, công chức bị xử lý kỷ luật					
PL1	5.4.1	Số lãnh đạo cấp sở, ngành và UBND cấp huyện bị kỷ luật	lãnh đạo cấp sở, ngành và UBND cấp huyện {v}						
PL1	5.4.2	Số lãnh đạo cấp phòng thuộc sở, ngành và UBND cấp huyện bị kỷ luật	lãnh đạo cấp phòng {v}						
PL1	5.4.3	Số người làm việc hưởng lương từ NSNN tại các đơn vị SNCL trực thuộc bị kỷ luật	người làm việc tại đơn vị sự nghiệp công lập trực thuộc {v}						
PL1	6.1	Số đơn vị SNCL đã thực hiện tự chủ 100% chi thường xuyên và chi đầu tư (lũy kế đến thời điểm báo cáo)	{v} đơn vị sự nghiệp công lập tự chủ 100% chi thường xuyên và chi đầu tư						
PL1	6.2	Số đơn vị SNCL đã thực hiện tự chủ 100% chi thường xuyên (lũy kế đến thời điểm báo cáo)	{v} đơn vị tự chủ 100% chi thường xuyên						
PL1	6.3	Số đơn vị SNCL đã thực hiện tự chủ một phần chi thường xuyên (lũy kế đến thời điểm báo cáo)	{v} đơn vị tự chủ một phần chi thường xuyên						
PL1	6.4	Số đơn vị SNCL do nhà nước đảm bảo 100% chi thường xuyên (lũy kế đến thời điểm báo cáo)	{v} đơn vị do Nhà nước bảo đảm 100% chi thường xuyên						
PL1	6.5	Số lượng đơn vị SNCL đã chuyển đổi thành công ty cổ phần (lũy kế đến thời điểm báo cáo)	{v} đơn vị đã chuyển đổi thành công ty cổ phần						
PL1	7.1	Dịch vụ công trực tuyến	cung cấp {v} dịch vụ công trực tuyến							{±} {d} dịch vụ ({p}%) so với {kỳ}
PL1	7.1.1	Tổng số TTHC cung cấp toàn trình	toàn trình {v}						
PL1	7.1.2	Tổng số TTHC cung cấp một phần	một phần {v}						
BM1	1.1	Số kế hoạch về CCHC đã ban hành (CCHC, tuyên truyền, kiểm tra, khác)	ban hành {v} kế hoạch về CCHC (CCHC, tuyên truyền, kiểm tra, khác)						
BM1	1.2	Số văn bản chỉ đạo, điều hành CCHC đã ban hành	ban hành {v} văn bản chỉ đạo, điều hành CCHC						
BM1	2.1	Số tin, bài về CCHC đã đăng tải, phát sóng	đăng tải {v} tin, bài về CCHC							{±} {d} tin, bài ({p}%) so với {kỳ}
BM1	2.2	Số hội nghị, lớp tập huấn, cuộc thi về CCHC	tổ chức {v} hội nghị, lớp tập huấn, cuộc thi về CCHC						
BM1	3.1	Số cơ quan, đơn vị được kiểm tra	kiểm tra {v} cơ quan, đơn vị						
BM1	3.2	Số vấn đề phát hiện qua kiểm tra	phát hiện {v} vấn đề						
BM1	3.3	Số vấn đề đã xử lý xong	đã xử lý xong {v} vấn đề			,			
BM1	4.1	Tổng số nhiệm vụ được giao	được cấp trên giao {v} nhiệm vụ						
BM1	4.2	Số nhiệm vụ đã hoàn thành	đã hoàn thành {v}						
BM1	4.2.1	Hoàn thành đúng hạn, trước hạn	đúng hạn, trước hạn {v}						
BM1	4.2.2	Hoàn thành nhưng quá hạn	quá hạn {v}	không có nhiệm vụ hoàn thành quá hạn					
BM1	4.3	Số nhiệm vụ chưa hoàn thành	chưa hoàn thành {v}						
BM1	4.3.1	Chưa hoàn thành, còn trong hạn	còn trong hạn {v}						
BM1	4.3.2	Chưa hoàn thành, đã quá hạn	đã quá hạn {v}	không có nhiệm vụ đã quá hạn					
BM1	4.3.3	Chưa hoàn thành, không có thời hạn	không có thời hạn {v}						
BM1	5.1	Số phiếu đánh giá thu về	thu về {v} phiếu đánh giá sự hài lòng						
BM2	1	Số VBQPPL đã ban hành	ban hành {v} VBQPPL						
BM2	2.1	Số dự thảo VBQPPL đã thẩm định	thẩm định {v} dự thảo VBQPPL						
BM2	2.2	Số dự thảo văn bản đã góp ý	góp ý {v} dự thảo văn bản						
BM2	3.1	Số văn bản đã tự kiểm tra	tự kiểm tra {v} văn bản						
BM2	3.2	Số văn bản đã kiểm tra theo thẩm quyền	kiểm tra theo thẩm quyền {v} văn bản						
BM2	3.3	Số văn bản phát hiện trái pháp luật	phát hiện {v} văn bản trái pháp luật	không phát hiện văn bản trái pháp luật					
BM2	3.4	Số văn bản trái pháp luật đã xử lý	đã xử lý {v} văn bản			,			
BM2	4.2	Số văn bản đã rà soát	đã rà soát {v}/{=4.1} văn bản phải rà soát						
BM2	4.3	Số văn bản kiến nghị sửa đổi, bổ sung, thay thế, bãi bỏ	kiến nghị sửa đổi, bổ sung, thay thế, bãi bỏ {v} văn bản						
BM2	5.1	Số buổi tuyên truyền, phổ biến pháp luật	tổ chức {v} buổi tuyên truyền, phổ biến pháp luật						
BM2	5.2	Số lượt người tham dự	thu hút {v} lượt người tham dự			,			
BM3	1.1	Số quyết định công bố TTHC đã ban hành	ban hành {v} quyết định công bố TTHC						
BM3	1.2	Tổng số TTHC được công bố trong kỳ	công bố {v} thủ tục						
BM3	3.2	Số TTHC được cắt giảm, đơn giản hóa	cắt giảm, đơn giản hóa {v}/{=3.1} TTHC được rà soát						
BM3	3.4	Tổng thời gian giải quyết sau cắt giảm	tổng thời gian giải quyết sau cắt giảm/theo quy định là {v}/{=3.3} ngày						
BM3	5.1	Số PAKN đã tiếp nhận	tiếp nhận {v} phản ánh, kiến nghị về quy định hành chính							{±} {d} phản ánh, kiến nghị ({p}%) so với {kỳ}
BM3	5.2	Số PAKN đã xử lý xong	đã xử lý xong {v}			,			
BM3	4.2.3	Giải quyết quá hạn	giải quyết quá hạn {v}	không có hồ sơ giải quyết quá hạn					
BM3	4.3.2	Quá hạn	quá hạn {v}	không có hồ sơ quá hạn					
BM4	2.1.2	Trực thuộc sở, ban, ngành							
BM4	3.1	Biên chế công chức được giao							
BM4	3.2	Biên chế công chức có mặt							
BM4	3.3	Số người làm việc trong ĐVSNCL được giao							
BM4	3.4	Số người làm việc trong ĐVSNCL có mặt							
BM4	3.5	Số hợp đồng lao động (Nghị định 111/2022/NĐ-CP)							
BM4	3.6	Số người đã tinh giản biên chế trong kỳ							
BM5	1.1	Số cơ quan, tổ chức hành chính đã được phê duyệt vị trí việc làm	đã phê duyệt vị trí việc làm của {v}/{=1.2} cơ quan, tổ chức hành chính						
BM5	1.3	Số ĐVSNCL đã được phê duyệt vị trí việc làm	{v}/{=1.4} đơn vị sự nghiệp công lập						
BM5	1.5	Số xã, phường, thị trấn đã được phê duyệt vị trí việc làm	{v}/{=1.6} xã, phường, thị trấn						
BM5	5	Số cán bộ, công chức, viên chức bị kỷ luật	có {v} cán bộ, công chức, viên chức bị kỷ luật	không có cán bộ, công chức, viên chức bị kỷ luật							PL1/5.4
BM6	1.2	Ước thực hiện thu trong kỳ	ước thực hiện thu trong kỳ {v} triệu đồng			,	đạt {r} dự toán		
BM6	2.2	Số vốn đã giải ngân	đã giải ngân {v} triệu đồng			,	đạt {r} kế hoạch		
BM6	4.2	Số tiền kiến nghị đã thực hiện	đã thực hiện {v} triệu đồng			,			
BM6	3.1	Tự bảo đảm chi thường xuyên và chi đầu tư							
BM6	3.2	Tự bảo đảm chi thường xuyên							
BM6	3.3	Tự bảo đảm một phần chi thường xuyên							
BM6	3.4	Do ngân sách nhà nước bảo đảm chi thường xuyên							
BM7	1	Tổng số TTHC, dịch vụ công cung cấp trên Hệ thống thông tin giải quyết TTHC	cung cấp {v} TTHC, dịch vụ công trên Hệ thống thông tin giải quyết TTHC						
BM7	2.2	Số hồ sơ tiếp nhận trực tuyến	tiếp nhận trực tuyến {v}/{=2.1} hồ sơ						
BM7	3	Số chứng thư chữ ký số đã cấp	đã cấp {v} chứng thư chữ ký số							{±} {d} chứng thư ({p}%) so với {kỳ}
BM7	4.2	Số tài khoản hoạt động	{v}/{=4.1} tài khoản thư điện tử công vụ đang hoạt động						
BM7	6	Số cơ quan áp dụng hệ thống quản lý chất lượng TCVN ISO 9001:2015	có {v} cơ quan áp dụng hệ thống quản lý chất lượng TCVN ISO 9001:2015						
BM1	3	Kiểm tra CCHC									PL1/1.2
BM1	4	Nhiệm vụ được cấp trên giao (Chính phủ, Thủ tướng; UBND, Chủ tịch UBND tỉnh)									PL1/1.3
BM1	5	Đánh giá sự hài lòng (phiếu đánh giá tại bộ phận một cửa, khảo sát)									PL1/1.4
BM3	4	Kết quả giải quyết hồ sơ TTHC									PL1/3.3
BM4	1	Cơ quan hành chính									PL1/4.1
BM4	3	Biên chế và số người làm việc									PL1/4.2
BM5	1	Vị trí việc làm									PL1/5.1
BM5	2	Tuyển dụng									PL1/5.2
BM5	3	Bổ nhiệm lãnh đạo, quản lý									PL1/5.3
`,
  deCuong: `id	part	heading	forms
mo-dau	open	Mở đầu (căn cứ, kế hoạch được thực hiện)	
I	I	I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH	
I.1	I	1. Kế hoạch cải cách hành chính	PL1:1.1, BM1:1.1
I.2	I	2. Văn bản chỉ đạo, điều hành	PL1:1.1.3, BM1:1.2
I.3	I	3. Công tác tuyên truyền cải cách hành chính	BM1:2
I.4	I	4. Công tác kiểm tra cải cách hành chính	PL1:1.2, BM1:3
I.5	I	5. Thực hiện nhiệm vụ cấp trên giao	PL1:1.3, BM1:4
I.6	I	6. Khảo sát sự hài lòng, tổ chức đối thoại	PL1:1.4, PL1:1.5, BM1:5
II	II	II. KẾT QUẢ THỰC HIỆN CẢI CÁCH HÀNH CHÍNH	
II.1	II	1. Cải cách thể chế	PL1:2, BM2
II.2	II	2. Cải cách thủ tục hành chính	PL1:3, BM3
II.3	II	3. Cải cách tổ chức bộ máy hành chính nhà nước	PL1:4, BM4
II.4	II	4. Cải cách chế độ công vụ	PL1:5, BM5
II.5	II	5. Cải cách tài chính công	PL1:6, BM6
II.6	II	6. Xây dựng, phát triển Chính quyền điện tử, Chính quyền số	PL1:7, BM7
III	III	III. ĐÁNH GIÁ CHUNG	
III.1	III	1. Ưu điểm	
III.2	III	2. Tồn tại, hạn chế	
III.3	III	3. Nguyên nhân	
IV	IV	IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI	
V	V	V. ĐỀ XUẤT, KIẾN NGHỊ	
`,
  baoCao: `key	value
quoc-hieu	CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
tieu-ngu	Độc lập - Tự do - Hạnh phúc
noi-nhan	Nơi nhận:
tieu-de	Kết quả thực hiện công tác cải cách hành chính {kỳ}; phương hướng, nhiệm vụ {kỳ tới}
mo-dau	{đơn vị} báo cáo kết quả thực hiện công tác cải cách hành chính {kỳ}; phương hướng, nhiệm vụ {kỳ tới} như sau:
ket-luan	Trên đây là kết quả thực hiện công tác cải cách hành chính {kỳ}; phương hướng, nhiệm vụ {kỳ tới}, {đơn vị} trân trọng báo cáo./.
khong-so-0-dau	phiếu; lượt người; ngày; tài khoản; chứng thư; số lượng; tin, bài; %
toan-so-0	Trong kỳ báo cáo, không phát sinh số liệu về {mục}.
toan-cap	tinh = Toàn tỉnh | huyen = Toàn huyện | xa = Toàn xã | so = Toàn ngành
toan-cap-truoc-cau	tinh = Trên địa bàn toàn tỉnh, | huyen = Trên địa bàn toàn huyện, | xa = Trên địa bàn toàn xã, | so = Trong toàn ngành,
mo-dong-tu	đã; đang; chưa; được; không; còn; có; ban hành; tham mưu; tổ chức; tự kiểm tra; kiểm tra; tiếp nhận; phát hiện; hoàn thành; cung cấp; ước thực hiện; thực hiện; triển khai; đăng tải; xử lý; thẩm định; thu về; thu hút; rà soát; kiến nghị; góp ý; giải quyết; cắt giảm; công bố; bãi bỏ; cấp
cap-don-vi	so = sở, ban, ngành | huyen = UBND cấp huyện | xa = UBND cấp xã | tinh = UBND tỉnh
tong-hop-nguon	Số liệu trong báo cáo được tổng hợp từ báo cáo của {số}/{tổng} cơ quan, đơn vị ({cấp}).
tong-hop-chua-nop	Chưa nhận được báo cáo của {số} cơ quan, đơn vị: {đơn vị}; số liệu tổng hợp chưa gồm các cơ quan, đơn vị này.
ma-don-vi	{số}/{tổng} cơ quan, đơn vị {lời}
tong-hop-mot-phan	Một số số liệu chưa đủ các cơ quan, đơn vị: {số liệu}.
mot-phan-muc	{tên} mới gồm {số}/{tổng} cơ quan, đơn vị
so-sanh-bang	bằng {kỳ}
cung-ky	cùng kỳ năm {năm}
`,
};
